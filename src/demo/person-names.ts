/**
 * Given and family names per country. Japanese and Chinese names are `native:romanised`; Icelandic
 * family names are patronymic stems (+ son/dóttir); Polish -ski/-cki names agree with gender.
 */
export interface CountryNames {
  male: string[];
  female: string[];
  last: string[];
}

const list = (text: string): string[] => text.split('|');
const pairs = (text: string): [string, string][] =>
  list(text).map((entry) => {
    const [a = '', b = ''] = entry.split(':');
    return [a, b];
  });

export const PERSON_NAMES: Record<string, CountryNames> = {
  US: {
    male: list('James|John|Robert|Michael|David|William|Daniel|Matthew|Chris|Andrew|Ryan|Kevin|Brian|Jason'),
    female: list(
      'Mary|Patricia|Jennifer|Linda|Elizabeth|Susan|Sarah|Emily|Jessica|Ashley|Olivia|Megan|Rachel|' +
        'Lauren',
    ),
    last: list(
      'Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Wilson|Anderson|Taylor|' +
        'Thomas|Moore|Jackson|Martin|Lee|Thompson|White|Harris|Clark|Lewis|Walker|Hall|Young|Allen|King|' +
        'Wright|Nguyen',
    ),
  },
  GB: {
    male: list('Oliver|George|Harry|Jack|Thomas|William|James|Alfie|Daniel|Samuel|Callum|Rhys'),
    female: list('Amelia|Isla|Emily|Sophie|Charlotte|Grace|Lucy|Hannah|Eleanor|Chloe|Fiona|Siobhan'),
    last: list(
      'Smith|Jones|Taylor|Brown|Williams|Wilson|Evans|Thomas|Roberts|Johnson|Walker|Wright|Robinson|' +
        'Thompson|White|Hughes|Edwards|Green|Hall|Wood|MacDonald|Campbell',
    ),
  },
  DE: {
    male: list('Lukas|Maximilian|Felix|Jonas|Leon|Paul|Tobias|Stefan|Andreas|Thomas|Jürgen|Matthias'),
    female: list('Anna|Sophie|Marie|Laura|Julia|Lena|Katharina|Sabine|Claudia|Petra|Birgit|Susanne'),
    last: list(
      'Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|' +
        'Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hartmann|Lange|Köhler',
    ),
  },
  FR: {
    male: list('Louis|Gabriel|Hugo|Arthur|Jules|Thomas|Nicolas|Pierre|Antoine|François|Mathieu|Julien'),
    female: list('Camille|Léa|Manon|Chloé|Inès|Sophie|Isabelle|Nathalie|Céline|Élodie|Aurélie|Hélène'),
    last: list(
      'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefèvre|' +
        'Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Morel|Girard|Bonnet|Chevalier',
    ),
  },
  ES: {
    male: list('Alejandro|Pablo|Javier|Daniel|Sergio|Carlos|David|Jorge|Álvaro|Raúl|Iñigo|José Luis'),
    female: list('Lucía|María|Carmen|Laura|Marta|Ana|Elena|Cristina|Paula|Sofía|Begoña|Nuria'),
    last: list(
      'García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|' +
        'Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres',
    ),
  },
  IT: {
    male: list(
      'Francesco|Alessandro|Lorenzo|Matteo|Andrea|Marco|Luca|Giuseppe|Davide|Paolo|Stefano|Giovanni',
    ),
    female: list(
      'Giulia|Chiara|Francesca|Sara|Valentina|Elena|Federica|Alessia|Martina|Silvia|Roberta|Ilaria',
    ),
    last: list(
      'Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|De Luca|' +
        'Mancini|Costa|Giordano|Rizzo|Lombardi|Moretti',
    ),
  },
  NL: {
    male: list('Daan|Sem|Lucas|Levi|Thijs|Jeroen|Pieter|Bas|Joost|Ruud|Maarten|Wouter'),
    female: list('Emma|Julia|Sophie|Tess|Anouk|Marieke|Sanne|Lotte|Femke|Ilse|Inge|Eline'),
    last: list(
      'de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|' +
        'de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer',
    ),
  },
  PL: {
    male: list('Jakub|Kacper|Szymon|Jan|Piotr|Tomasz|Paweł|Michał|Krzysztof|Łukasz|Marcin|Grzegorz'),
    female: list(
      'Zuzanna|Julia|Maja|Zofia|Anna|Katarzyna|Magdalena|Agnieszka|Małgorzata|Joanna|Ewa|Aleksandra',
    ),
    last: list(
      'Nowak|Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|Szymański|Woźniak|' +
        'Dąbrowski|Kozłowski|Jankowski|Mazur|Kwiatkowski|Krawczyk|Piotrowski|Grabowski',
    ),
  },
  SE: {
    male: list('Erik|Lars|Anders|Johan|Karl|Per|Magnus|Oskar|Mikael|Fredrik|Gustav|Axel'),
    female: list('Anna|Eva|Maria|Karin|Sara|Emma|Elin|Ingrid|Linnea|Johanna|Sofia|Maja'),
    last: list(
      'Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Gustafsson|' +
        'Pettersson|Lindberg|Lindqvist|Bergström|Sjöberg|Åberg|Holmgren|Lundgren|Ström|Söderberg',
    ),
  },
  NO: {
    male: list('Ole|Lars|Jan|Per|Bjørn|Kjetil|Magnus|Håkon|Sindre|Eirik|Anders|Øyvind'),
    female: list('Ingrid|Kari|Anne|Marit|Silje|Ida|Hanne|Ragnhild|Sigrid|Tone|Kristin|Åse'),
    last: list(
      'Hansen|Johansen|Olsen|Larsen|Andersen|Pedersen|Nilsen|Kristiansen|Jensen|Karlsen|Haugen|Bakken|' +
        'Solberg|Dahl|Berg|Halvorsen|Strand|Lie|Moen|Sæther|Hagen|Brekke|Løken',
    ),
  },
  DK: {
    male: list('Mads|Søren|Jens|Lars|Rasmus|Mikkel|Anders|Henrik|Niels|Christian|Frederik|Jesper'),
    female: list('Mette|Anne|Camilla|Louise|Signe|Sofie|Ida|Maja|Line|Pernille|Birgitte|Helle'),
    last: list(
      'Jensen|Nielsen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen|Rasmussen|Jørgensen|Petersen|' +
        'Madsen|Kristensen|Olsen|Thomsen|Møller|Poulsen|Johansen|Knudsen|Mortensen|Holm|Østergaard|Bech|' +
        'Dahl',
    ),
  },
  FI: {
    male: list('Mikko|Juha|Timo|Jari|Antti|Matti|Janne|Ville|Sami|Petri|Eero|Jukka'),
    female: list('Anna|Sanna|Laura|Johanna|Minna|Katja|Päivi|Riikka|Hanna|Tiina|Elina|Aino'),
    last: list(
      'Korhonen|Virtanen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen|Koskinen|Järvinen|Lehtonen|' +
        'Lehtinen|Saarinen|Salminen|Heinonen|Niemi|Heikkilä|Kinnunen',
    ),
  },
  IS: {
    male: list(
      'Jón|Sigurður|Guðmundur|Gunnar|Ólafur|Einar|Kristján|Magnús|Stefán|Jóhann|Björn|Árni|Helgi|Þórður|' +
        'Halldór|Páll',
    ),
    female: list(
      'Guðrún|Anna|Kristín|Sigríður|Margrét|Helga|Sigrún|Ingibjörg|Jóhanna|María|Katrín|Ásta|Þóra|' +
        'Hildur|Ragnheiður|Eyrún',
    ),
    last: list(
      'Jóns|Sigurðar|Guðmunds|Gunnars|Ólafs|Einars|Kristjáns|Magnús|Stefáns|Jóhanns|Björns|Árna|Helga|' +
        'Þórðar|Halldórs|Páls',
    ),
  },
  EE: {
    male: list('Andres|Jaan|Toomas|Mart|Rein|Priit|Tõnu|Indrek|Marko|Kristjan|Rasmus|Karl'),
    female: list('Kadri|Mari|Tiina|Kristiina|Liis|Triin|Anu|Katrin|Merike|Piret|Maarja|Helen'),
    last: list(
      'Tamm|Saar|Sepp|Mägi|Kask|Kukk|Rebane|Ilves|Pärn|Koppel|Kuusk|Karu|Lepik|Oja|Kallas|Vaher|Luik|' +
        'Lepp|Raud|Mets|Kivi|Põder',
    ),
  },
};

/** Japanese names: kanji:romaji. */
export const JP_NAMES = {
  male: pairs(
    '健太:kenta|翔太:shota|大輔:daisuke|拓也:takuya|誠:makoto|浩:hiroshi|隆:takashi|直樹:naoki|亮:ryo|和也:kazuya',
  ),
  female: pairs(
    '美咲:misaki|陽子:yoko|恵:megumi|裕子:yuko|真由美:mayumi|愛:ai|彩:aya|由美:yumi|麻衣:mai|千尋:chihiro',
  ),
  last: pairs(
    '佐藤:sato|鈴木:suzuki|高橋:takahashi|田中:tanaka|伊藤:ito|渡辺:watanabe|山本:yamamoto|中村:nakamura|小林:kobayashi|' +
      '加藤:kato|吉田:yoshida|山田:yamada|佐々木:sasaki|松本:matsumoto|井上:inoue|木村:kimura',
  ),
};

/** Chinese names: hanzi:pinyin. */
export const CN_NAMES = {
  male: pairs(
    '伟:wei|强:qiang|磊:lei|军:jun|洋:yang|勇:yong|杰:jie|涛:tao|明:ming|超:chao|浩然:haoran|子轩:zixuan',
  ),
  female: pairs('芳:fang|娜:na|敏:min|静:jing|丽:li|艳:yan|婷:ting|雪:xue|慧:hui|欣怡:xinyi'),
  last: pairs(
    '王:wang|李:li|张:zhang|刘:liu|陈:chen|杨:yang|黄:huang|赵:zhao|吴:wu|周:zhou|徐:xu|孙:sun|马:ma|朱:zhu|胡:hu|' +
      '郭:guo',
  ),
};
