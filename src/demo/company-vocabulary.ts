/**
 * Words demo company names are built from, per country. Stems are disjoint between countries, so a
 * company's domain (stem + industry word + the country's TLD) never collides with another country's.
 * Japanese and Chinese entries are `native:romanised` (and `:English` for English-style names).
 */

const list = (text: string): string[] => text.split('|');
const pairs = (text: string): [string, string][] =>
  list(text).map((entry) => {
    const [a = '', b = ''] = entry.split(':');
    return [a, b];
  });
const triples = (text: string): [string, string, string][] =>
  list(text).map((entry) => {
    const [a = '', b = '', c = ''] = entry.split(':');
    return [a, b, c];
  });

/** Brand stems per country (place names, family names, nature words). */
export const COMPANY_STEMS: Record<string, string[]> = {
  US: list(
    'Summit|Harbor|Northwind|Bluewater|Redwood|Ironclad|Keystone|Pioneer|Cascade|Granite|Liberty|' +
      'Frontier|Evergreen|Silverline|Brightpath|Clearwater|Crestview|Lakeshore|Riverbend|Stonebridge|' +
      'Oakridge|Westbrook|Eastfield|Highland|Meridian|Vantage|Horizon|Apex|Beacon|Sterling|Atlas|Vertex|' +
      'Catalyst|Quantum|Momentum|Paragon|Triton|Cobalt|Sequoia|Mesa|Prairie|Canyon|Hudson|Potomac|Sierra|' +
      'Madison|Franklin|Jefferson|Lincoln|Dakota|Aurora|Polaris|Ridgeline|Trailhead|Blueprint|Wayfarer|' +
      'Anchor|Lighthouse|Copperleaf|Bluestem',
  ),
  GB: list(
    'Thames|Pennine|Cotswold|Albion|Windsor|Kingsway|Mersey|Severn|Highgate|Ashford|Bramble|Chiltern|' +
      'Hadley|Kestrel|Langley|Marlow|Newbury|Oxley|Pembroke|Redbridge|Shelford|Tamar|Wessex|Avonmore|' +
      'Belgrave|Carrick|Dunmore|Elmstead|Fairhaven|Grayson|Holloway|Islington|Lyndhurst|Moorland|' +
      'Northgate|Penrose|Quayside|Rutherford|Stanmore|Tyne',
  ),
  DE: list(
    'Nordstern|Rheinland|Alpen|Elbe|Hanse|Bergmann|Schneider|Weber|Falkenstein|Lindenhof|Donau|Spree|' +
      'Isar|Main|Neckar|Schwarzwald|Brandt|Hoffmann|Krüger|Vogel|Sonnenberg|Eichenwald|Grünwald|Adler|' +
      'Löwen|Kaiser|Mühlen|Harz|Taunus|Eifel|Bodensee|Havel|Weser|Ostsee|Nordsee|Fichtel|Rosenheim|' +
      'Tannenberg|Wagner|Zimmermann',
  ),
  FR: list(
    'Lumière|Atlantique|Provence|Rivoli|Montclair|Beaumont|Dufour|Lefèvre|Moreau|Garonne|Loire|Seine|' +
      'Rhône|Vercors|Azur|Bastide|Chantilly|Delorme|Étoile|Fontaine|Girard|Lavande|Marceau|Orsay|Pascal|' +
      'Quercy|Roussel|Soleil|Tournon|Valmy',
  ),
  ES: list(
    'Ibérica|Levante|Castilla|Mediterránea|Cantábrica|Sol|Alhambra|Navarra|Aragón|Duero|Ebro|Tajo|' +
      'Guadalquivir|Montserrat|Altamira|Vega|Ortega|Navarro|Serrano|Delgado|Cervantes|Galicia|Almería|' +
      'Toledo|Córdoba|Brisa|Faro|Olivo|Pirineo|Meseta',
  ),
  IT: list(
    'Adriatica|Tirreno|Lombarda|Piemonte|Toscana|Venezia|Bianchi|Rossi|Colombo|Ricci|Marino|Greco|Bruno|' +
      'Gallo|Conti|Esposito|Romano|Dolomiti|Etna|Vesuvio|Arno|Tevere|Garda|Como|Aurelia|Fiorentina|Stella|' +
      'Luce|Sole|Appennino',
  ),
  NL: list(
    'Oranje|Delta|Polder|Noordzee|Waddenzee|Tulp|Molen|Dijkstra|De Vries|Jansen|Bakker|Visser|Smit|' +
      'Mulder|Vermeer|Rembrandt|Hollandia|Amstel|Maas|Rijn|Veluwe|Zeeland|Friesland|Kempen|Brabant|Lelie|' +
      'Duinen|Haven|Dommel|IJssel',
  ),
  PL: list(
    'Wisła|Bałtyk|Tatry|Mazowsze|Pomorze|Śląsk|Warta|Odra|Kowalski|Nowak|Wiśniewski|Wójcik|Kamiński|' +
      'Lewandowski|Zieliński|Orzeł|Sokół|Jantar|Krak|Wawel|Karkonosze|Bieszczady|Mazury|Podhale|Gniezno|' +
      'Piast|Sobieski|Kopernik|Chopin|Bursztyn',
  ),
  SE: list(
    'Svea|Norrland|Vasa|Göta|Mälar|Lindqvist|Johansson|Karlsson|Nilsson|Bergström|Ekholm|Sjöberg|' +
      'Fjällbacka|Dala|Gotland|Vättern|Vänern|Kiruna|Siljan|Skåne|Halland|Bohus|Lappland|Norrsken|' +
      'Ljungberg|Holmgren|Sundqvist|Ådal|Nordiska|Kronan',
  ),
  NO: list(
    'Fjord|Viking|Nordkapp|Lofoten|Hardanger|Telemark|Troll|Haugen|Olsen|Larsen|Solberg|Dahl|Bakke|' +
      'Fjell|Midnattsol|Nordlys|Polar|Glomma|Jotun|Dovre|Sogn|Vestfold|Finnmark|Romsdal|Helgeland|Senja|' +
      'Varanger|Mjøsa|Nidaros|Hallingdal',
  ),
  DK: list(
    'Nordic|Dansk|Øresund|Vestjysk|Fyns|Jysk|Sjællands|Bornholm|Limfjord|Skagen|Kronborg|Amager|Valby|' +
      'Jensen|Nielsen|Rasmussen|Pedersen|Andersen|Christensen|Holm|Lund|Skov|Bech|Kær|Mølle|Thy|' +
      'Himmerland|Djurs|Gudenå|Storebælt|Lillebælt|Søholm|Ålholm|Fanø|Scandi',
  ),
  FI: list(
    'Suomen|Pohjola|Saimaa|Lappi|Karjala|Aalto|Virtanen|Korhonen|Nieminen|Mäkinen|Järvi|Kuusi|Koivu|' +
      'Tammi|Revontuli|Sampo|Kaleva|Tapio|Ilmari|Väinö|Oulun|Kaamos|Hanko|Porvoo|Vaasan|Inari|Kemi|Savo|' +
      'Häme|Kymi',
  ),
  IS: list(
    'Ægir|Hekla|Katla|Esja|Norðurljós|Sæbjörg|Þór|Óðinn|Freyja|Askja|Snæfell|Vík|Bláfell|Hraun|Geysir|' +
      'Jökull|Dröfn|Kría|Lundi|Krafla|Laki|Baldur|Sindri|Hrafn|Skjöldur|Brú|Straumur|Hafrún|Eldey|Vörður',
  ),
  EE: list(
    'Toompea|Saaremaa|Hiiumaa|Peipsi|Emajõe|Kalev|Linda|Tamm|Kask|Mägi|Saar|Sepp|Rebane|Ilves|Karu|' +
      'Põhjala|Läänemere|Viru|Harju|Tähe|Päike|Koidu|Vikerkaar|Meri|Pärl|Kuld|Hõbe|Raud|Metsa|Toome',
  ),
};

/** Japanese stems: kanji:romaji. */
export const JP_STEMS = pairs(
  '山田:yamada|佐藤:sato|日本:nihon|東洋:toyo|大和:yamato|富士:fuji|三和:sanwa|北斗:hokuto|新星:shinsei|青葉:aoba|旭:asahi|' +
    '太陽:taiyo|光:hikari|中央:chuo|関西:kansai|東海:tokai|北海:hokkai|桜:sakura|松本:matsumoto|高橋:takahashi|鈴木:suzuki|' +
    '中村:nakamura|小林:kobayashi|丸善:maruzen|明治:meiji|昭和:showa|平和:heiwa|大成:taisei|協和:kyowa|信越:shinetsu',
);

/** Chinese stems: hanzi:pinyin. */
export const CN_STEMS = pairs(
  '华信:huaxin|中科:zhongke|东方:dongfang|长城:changcheng|金桥:jinqiao|天成:tiancheng|恒达:hengda|宏远:hongyuan|' +
    '新华:xinhua|安达:anda|百川:baichuan|锦程:jincheng|瑞丰:ruifeng|博远:boyuan|鼎盛:dingsheng|海创:haichuang|星河:xinghe|' +
    '汇通:huitong|九州:jiuzhou|联合:lianhe|远航:yuanhang|龙腾:longteng|盛世:shengshi|嘉禾:jiahe|明德:mingde|永泰:yongtai|' +
    '立信:lixin|腾飞:tengfei|凯达:kaida|华宇:huayu',
);

/** Chinese city names in hanzi, by the romanised city name used in the account's `city`. */
export const CN_CITY_HANZI: Record<string, string> = Object.fromEntries(
  pairs(
    '上海:Shanghai|北京:Beijing|深圳:Shenzhen|广州:Guangzhou|杭州:Hangzhou|成都:Chengdu|苏州:Suzhou|南京:Nanjing',
  ).map(([hanzi, city]) => [city, hanzi]),
);

/** Industry words per title language, as they appear in company names. */
export const INDUSTRY_WORDS: Record<string, Record<string, string[]>> = {
  en: {
    Software: list('Software|Systems|Labs'),
    'Financial Services': list('Capital|Financial|Bancorp'),
    Manufacturing: list('Industries|Manufacturing|Machinery'),
    Retail: list('Retail|Stores|Outfitters'),
    Healthcare: list('Health|Medical|Care'),
    Logistics: list('Logistics|Freight|Transport'),
    Energy: list('Energy|Power|Renewables'),
    Telecommunications: list('Telecom|Networks|Communications'),
    'Professional Services': list('Consulting|Advisors|Partners'),
    'Food & Beverage': list('Foods|Brewing|Provisions'),
    Construction: list('Construction|Builders|Engineering'),
    Media: list('Media|Studios|Publishing'),
  },
  de: {
    Software: list('Software|Systemhaus|IT'),
    'Financial Services': list('Finanz|Capital|Bank'),
    Manufacturing: list('Maschinenbau|Werkzeugbau|Industrie'),
    Retail: list('Handel|Warenhaus|Versand'),
    Healthcare: list('Medizintechnik|Gesundheit|Pharma'),
    Logistics: list('Logistik|Spedition|Transporte'),
    Energy: list('Energie|Solar|Windkraft'),
    Telecommunications: list('Telekom|Netz|Kommunikation'),
    'Professional Services': list('Beratung|Consulting|Treuhand'),
    'Food & Beverage': list('Lebensmittel|Brauerei|Feinkost'),
    Construction: list('Bau|Hochbau|Ingenieurbau'),
    Media: list('Medien|Verlag|Film'),
  },
  fr: {
    Software: list('Logiciels|Informatique|Numérique'),
    'Financial Services': list('Finance|Capital|Gestion'),
    Manufacturing: list('Industries|Mécanique|Usinage'),
    Retail: list('Distribution|Commerce|Magasins'),
    Healthcare: list('Santé|Médical|Pharma'),
    Logistics: list('Transports|Logistique|Fret'),
    Energy: list('Énergie|Solaire|Éolien'),
    Telecommunications: list('Télécom|Réseaux|Communication'),
    'Professional Services': list('Conseil|Audit|Expertise'),
    'Food & Beverage': list('Alimentaire|Fromagerie|Brasserie'),
    Construction: list('Construction|Bâtiment|BTP'),
    Media: list('Médias|Éditions|Productions'),
  },
  es: {
    Software: list('Software|Sistemas|Informática'),
    'Financial Services': list('Finanzas|Capital|Inversiones'),
    Manufacturing: list('Industrias|Metalúrgica|Maquinaria'),
    Retail: list('Comercial|Distribuciones|Almacenes'),
    Healthcare: list('Salud|Médica|Farma'),
    Logistics: list('Logística|Transportes|Carga'),
    Energy: list('Energía|Solar|Renovables'),
    Telecommunications: list('Telecomunicaciones|Redes|Comunicaciones'),
    'Professional Services': list('Consultores|Asesores|Auditores'),
    'Food & Beverage': list('Alimentación|Conservas|Bodegas'),
    Construction: list('Construcciones|Obras|Ingeniería'),
    Media: list('Medios|Ediciones|Producciones'),
  },
  it: {
    Software: list('Software|Informatica|Sistemi'),
    'Financial Services': list('Finanziaria|Capitale|Investimenti'),
    Manufacturing: list('Meccanica|Industrie|Officine'),
    Retail: list('Commerciale|Distribuzione|Magazzini'),
    Healthcare: list('Medicale|Salute|Farmaceutica'),
    Logistics: list('Logistica|Trasporti|Spedizioni'),
    Energy: list('Energia|Solare|Rinnovabili'),
    Telecommunications: list('Telecomunicazioni|Reti|Comunicazioni'),
    'Professional Services': list('Consulenza|Revisione|Advisory'),
    'Food & Beverage': list('Alimentari|Caseificio|Cantine'),
    Construction: list('Costruzioni|Edilizia|Ingegneria'),
    Media: list('Media|Edizioni|Produzioni'),
  },
  nl: {
    Software: list('Software|ICT|Automatisering'),
    'Financial Services': list('Finance|Capital|Beleggingen'),
    Manufacturing: list('Machinebouw|Metaal|Industrie'),
    Retail: list('Handel|Winkels|Groothandel'),
    Healthcare: list('Zorg|Medisch|Pharma'),
    Logistics: list('Logistiek|Transport|Expeditie'),
    Energy: list('Energie|Zon|Wind'),
    Telecommunications: list('Telecom|Netwerken|Communicatie'),
    'Professional Services': list('Advies|Consultancy|Accountants'),
    'Food & Beverage': list('Voeding|Zuivel|Brouwerij'),
    Construction: list('Bouw|Aannemers|Ingenieurs'),
    Media: list('Media|Uitgeverij|Producties'),
  },
  pl: {
    Software: list('Software|Systemy|Informatyka'),
    'Financial Services': list('Finanse|Kapitał|Inwestycje'),
    Manufacturing: list('Przemysł|Maszyny|Metal'),
    Retail: list('Handel|Dystrybucja|Sklepy'),
    Healthcare: list('Medical|Zdrowie|Farmacja'),
    Logistics: list('Logistyka|Transport|Spedycja'),
    Energy: list('Energia|Solar|Energetyka'),
    Telecommunications: list('Telekom|Sieci|Komunikacja'),
    'Professional Services': list('Doradztwo|Consulting|Audyt'),
    'Food & Beverage': list('Żywność|Mleczarnia|Browar'),
    Construction: list('Budownictwo|Budowa|Inżynieria'),
    Media: list('Media|Wydawnictwo|Produkcja'),
  },
  sv: {
    Software: list('Software|Data|IT'),
    'Financial Services': list('Finans|Kapital|Invest'),
    Manufacturing: list('Industri|Mekaniska|Verkstad'),
    Retail: list('Handel|Varuhus|Butiker'),
    Healthcare: list('Medical|Hälsa|Vård'),
    Logistics: list('Logistik|Transport|Frakt'),
    Energy: list('Energi|Kraft|Vind'),
    Telecommunications: list('Telecom|Nät|Kommunikation'),
    'Professional Services': list('Konsult|Revision|Rådgivning'),
    'Food & Beverage': list('Livsmedel|Mejeri|Bryggeri'),
    Construction: list('Bygg|Entreprenad|Konstruktion'),
    Media: list('Media|Förlag|Produktion'),
  },
  nb: {
    Software: list('Software|Data|IT'),
    'Financial Services': list('Finans|Kapital|Invest'),
    Manufacturing: list('Industri|Mekaniske|Verksted'),
    Retail: list('Handel|Varehus|Butikker'),
    Healthcare: list('Medical|Helse|Omsorg'),
    Logistics: list('Logistikk|Transport|Frakt'),
    Energy: list('Energi|Kraft|Havvind'),
    Telecommunications: list('Telecom|Nett|Kommunikasjon'),
    'Professional Services': list('Rådgivning|Konsulent|Revisjon'),
    'Food & Beverage': list('Sjømat|Meieri|Bryggeri'),
    Construction: list('Bygg|Entreprenør|Anlegg'),
    Media: list('Media|Forlag|Produksjon'),
  },
  da: {
    Software: list('Software|Data|IT'),
    'Financial Services': list('Finans|Kapital|Invest'),
    Manufacturing: list('Industri|Maskinfabrik|Metal'),
    Retail: list('Handel|Varehus|Butikker'),
    Healthcare: list('Medico|Sundhed|Pharma'),
    Logistics: list('Logistik|Transport|Fragt'),
    Energy: list('Energi|Vind|Kraft'),
    Telecommunications: list('Telecom|Net|Kommunikation'),
    'Professional Services': list('Rådgivning|Consulting|Revision'),
    'Food & Beverage': list('Foods|Fødevarer|Mejeri'),
    Construction: list('Byg|Entreprise|Ingeniører'),
    Media: list('Medier|Forlag|Media'),
  },
  fi: {
    Software: list('Software|Data|IT'),
    'Financial Services': list('Rahoitus|Pääoma|Invest'),
    Manufacturing: list('Konepaja|Teollisuus|Metalli'),
    Retail: list('Kauppa|Tavaratalo|Myymälät'),
    Healthcare: list('Terveys|Medical|Hoiva'),
    Logistics: list('Logistiikka|Kuljetus|Rahti'),
    Energy: list('Energia|Voima|Tuulivoima'),
    Telecommunications: list('Tele|Verkot|Viestintä'),
    'Professional Services': list('Konsultointi|Tilintarkastus|Neuvonta'),
    'Food & Beverage': list('Elintarvike|Leipomo|Panimo'),
    Construction: list('Rakennus|Rakentajat|Insinöörit'),
    Media: list('Media|Kustannus|Tuotanto'),
  },
  is: {
    Software: list('Hugbúnaður|Tækni|Gögn'),
    'Financial Services': list('Fjárfesting|Eignastýring|Fjármál'),
    Manufacturing: list('Smiðja|Iðnaður|Vélsmiðja'),
    Retail: list('Verslun|Heildverslun|Kaup'),
    Healthcare: list('Heilsa|Lyf|Medica'),
    Logistics: list('Flutningar|Skip|Frakt'),
    Energy: list('Orka|Virkjun|Jarðvarmi'),
    Telecommunications: list('Fjarskipti|Net|Samskipti'),
    'Professional Services': list('Ráðgjöf|Endurskoðun|Lausnir'),
    'Food & Beverage': list('Sjávarafurðir|Matvæli|Brugghús'),
    Construction: list('Verk|Byggingar|Verktakar'),
    Media: list('Miðlar|Útgáfa|Framleiðsla'),
  },
  et: {
    Software: list('Tarkvara|IT|Andmed'),
    'Financial Services': list('Kapital|Finants|Invest'),
    Manufacturing: list('Tööstus|Masinaehitus|Metall'),
    Retail: list('Kaubandus|Kaubamaja|Hulgi'),
    Healthcare: list('Tervis|Meditsiin|Farmaatsia'),
    Logistics: list('Logistika|Transport|Veod'),
    Energy: list('Energia|Tuul|Päikeseenergia'),
    Telecommunications: list('Telekom|Võrgud|Side'),
    'Professional Services': list('Konsultatsioonid|Audit|Nõustamine'),
    'Food & Beverage': list('Toit|Piimatööstus|Pagar'),
    Construction: list('Ehitus|Projekt|Insener'),
    Media: list('Meedia|Kirjastus|Produktsioon'),
  },
};

/** Japanese industry words: native:romaji:English. */
export const JP_WORDS: Record<string, [string, string, string][]> = {
  Software: triples('ソフト:soft:Software|システムズ:systems:Systems|データ:data:Data'),
  'Financial Services': triples(
    '証券:shoken:Securities|ファイナンス:finance:Finance|キャピタル:capital:Capital',
  ),
  Manufacturing: triples('製作所:seisakusho:Manufacturing|工業:kogyo:Industries|精機:seiki:Precision'),
  Retail: triples('商事:shoji:Trading|商店:shoten:Stores|百貨店:hyakkaten:Department Stores'),
  Healthcare: triples('メディカル:medical:Medical|医療:iryo:Healthcare|ヘルスケア:healthcare:Health'),
  Logistics: triples('運輸:unyu:Transport|物流:butsuryu:Logistics|倉庫:soko:Warehousing'),
  Energy: triples('電力:denryoku:Power|エネルギー:energy:Energy|ガス:gas:Gas'),
  Telecommunications: triples(
    '通信:tsushin:Communications|ネットワークス:networks:Networks|テレコム:telecom:Telecom',
  ),
  'Professional Services': triples(
    'コンサルティング:consulting:Consulting|総研:soken:Research Institute|アドバイザリー:advisory:Advisory',
  ),
  'Food & Beverage': triples('食品:shokuhin:Foods|製菓:seika:Confectionery|酒造:shuzo:Brewery'),
  Construction: triples('建設:kensetsu:Construction|工務店:komuten:Builders|建工:kenko:Engineering'),
  Media: triples('出版:shuppan:Publishing|メディア:media:Media|放送:hoso:Broadcasting'),
};

/** Chinese industry words: hanzi:domain part:English. */
export const CN_WORDS: Record<string, [string, string, string][]> = {
  Software: triples('软件:soft:Software|信息技术:it:Information Technology|数据:data:Data'),
  'Financial Services': triples(
    '金融:finance:Financial|投资:invest:Investment|融资租赁:leasing:Financial Leasing',
  ),
  Manufacturing: triples('机械:jixie:Machinery|制造:zhizao:Manufacturing|精密:jingmi:Precision'),
  Retail: triples('商贸:shangmao:Trading|百货:baihuo:Department Store|零售:lingshou:Retail'),
  Healthcare: triples('医疗:yiliao:Medical|健康:jiankang:Health|生物:bio:Biotech'),
  Logistics: triples('物流:wuliu:Logistics|运输:yunshu:Transport|供应链:scm:Supply Chain'),
  Energy: triples('能源:nengyuan:Energy|电力:dianli:Power|新能源:newenergy:New Energy'),
  Telecommunications: triples('通信:tongxin:Communications|网络:net:Network|电信:telecom:Telecom'),
  'Professional Services': triples(
    '咨询:consulting:Consulting|管理咨询:mc:Management Consulting|顾问:guwen:Advisory',
  ),
  'Food & Beverage': triples('食品:food:Food|饮料:yinliao:Beverage|乳业:ruye:Dairy'),
  Construction: triples('建设:jianshe:Construction|建筑工程:jianzhu:Engineering|装饰:zhuangshi:Decoration'),
  Media: triples('传媒:media:Media|文化:wenhua:Culture|影视:yingshi:Film & TV'),
};

/** Languages that put the industry word first: "Transports Moreau", "Construcciones Navarro". */
export const WORD_FIRST = new Set(['fr', 'es', 'it']);

/** The word a group parent adds to its name, per language. */
export const GROUP_WORD: Record<string, string> = Object.fromEntries(
  pairs(
    'en:Group|de:Gruppe|fr:Groupe|es:Grupo|it:Gruppo|nl:Groep|pl:Grupa|sv:Group|nb:Group|da:Group|fi:Group|is:Group|et:Grupp',
  ),
);
