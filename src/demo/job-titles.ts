/** Business functions and seniority levels of the demo's contacts (the truth behind their titles). */
export const FUNCTIONS = [
  'executive',
  'finance',
  'it',
  'marketing',
  'sales',
  'operations',
  'hr',
  'legal',
  'engineering',
  'procurement',
] as const;
export type JobFunction = (typeof FUNCTIONS)[number];
export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'staff'] as const;
export type Seniority = (typeof SENIORITIES)[number];

type Entry = [JobFunction, Seniority, string];

const isFunction = (x: string): x is JobFunction => FUNCTIONS.some((f) => f === x);
const isSeniority = (x: string): x is Seniority => SENIORITIES.some((s) => s === x);

/** Parse `function seniority Title words…` lines. */
function titles(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const [fn = '', seniority = '', ...words] = trimmed.split(' ');
    if (!isFunction(fn) || !isSeniority(seniority) || words.length === 0)
      throw new Error(`Bad title line "${line}"`);
    entries.push([fn, seniority, words.join(' ')]);
  }
  return entries;
}

/** Job titles per language, each labelled with its function and seniority. */
export const JOB_TITLES: Record<string, Entry[]> = {
  en: titles(`
    executive c_level Chief Executive Officer
    executive c_level CEO
    executive c_level President
    executive c_level Managing Director
    executive c_level Founder & CEO
    finance c_level Chief Financial Officer
    finance c_level CFO
    finance vp VP Finance
    finance director Finance Director
    finance director Financial Controller
    finance manager Finance Manager
    finance staff Financial Analyst
    finance staff Accountant
    it c_level Chief Information Officer
    it c_level CISO
    it vp VP of IT
    it director IT Director
    it manager IT Manager
    it staff Systems Administrator
    marketing c_level Chief Marketing Officer
    marketing vp VP Marketing
    marketing director Marketing Director
    marketing director Director of Demand Generation
    marketing manager Marketing Manager
    marketing manager Marketing Operations Manager
    marketing manager Digital Marketing Manager
    marketing staff Marketing Specialist
    marketing staff Content Marketing Specialist
    sales c_level Chief Revenue Officer
    sales vp VP Sales
    sales director Head of Sales
    sales director Sales Director
    sales manager Sales Manager
    sales staff Account Executive
    sales staff Business Development Representative
    operations c_level Chief Operating Officer
    operations vp VP Operations
    operations director Operations Director
    operations manager Operations Manager
    operations staff Operations Coordinator
    hr c_level Chief People Officer
    hr director HR Director
    hr manager HR Manager
    hr staff HR Business Partner
    legal vp General Counsel
    legal director Head of Legal
    legal staff Legal Counsel
    engineering c_level Chief Technology Officer
    engineering vp VP Engineering
    engineering director Head of Product
    engineering manager Engineering Manager
    engineering manager Product Manager
    engineering staff Software Engineer
    procurement director Head of Procurement
    procurement manager Procurement Manager
    procurement staff Buyer
  `),
  da: titles(`
    executive c_level Administrerende direktør
    executive c_level Adm. direktør
    executive c_level Direktør
    executive c_level Bestyrelsesformand
    finance c_level Økonomidirektør
    finance c_level Finansdirektør
    finance director Økonomichef
    finance manager Regnskabschef
    finance staff Controller
    finance staff Bogholder
    it c_level IT-direktør
    it director IT-chef
    it manager IT-ansvarlig
    it staff Systemadministrator
    marketing vp Marketingdirektør
    marketing director Marketingchef
    marketing manager Marketingansvarlig
    marketing staff Marketingkoordinator
    sales vp Salgsdirektør
    sales director Salgschef
    sales manager Key Account Manager
    sales staff Sælger
    operations vp Driftsdirektør
    operations manager Driftschef
    operations manager Produktionschef
    hr vp HR-direktør
    hr director HR-chef
    hr staff HR-konsulent
    legal vp Juridisk direktør
    legal director Juridisk chef
    legal staff Advokat
    engineering c_level Teknisk direktør
    engineering director Udviklingschef
    engineering staff Softwareudvikler
    procurement director Indkøbschef
    procurement staff Indkøber
  `),
  is: titles(`
    executive c_level Framkvæmdastjóri
    executive c_level Forstjóri
    executive c_level Stjórnarformaður
    finance c_level Fjármálastjóri
    finance manager Aðalbókari
    finance staff Sérfræðingur í fjármálum
    finance staff Bókari
    it c_level Upplýsingatæknistjóri
    it manager Deildarstjóri upplýsingatækni
    it staff Kerfisstjóri
    marketing director Markaðsstjóri
    marketing staff Sérfræðingur í markaðsmálum
    marketing staff Vefstjóri
    sales director Sölustjóri
    sales manager Viðskiptastjóri
    sales staff Sölufulltrúi
    operations director Rekstrarstjóri
    operations manager Framleiðslustjóri
    operations manager Gæðastjóri
    hr director Mannauðsstjóri
    hr staff Sérfræðingur í mannauðsmálum
    legal director Yfirlögfræðingur
    legal staff Lögfræðingur
    engineering c_level Tæknistjóri
    engineering director Þróunarstjóri
    engineering staff Hugbúnaðarsérfræðingur
    engineering staff Forritari
    procurement director Innkaupastjóri
    procurement staff Innkaupafulltrúi
  `),
  et: titles(`
    executive c_level Juhatuse liige
    executive c_level Juhatuse esimees
    executive c_level Tegevjuht
    executive c_level Nõukogu esimees
    finance c_level Finantsjuht
    finance manager Pearaamatupidaja
    finance staff Raamatupidaja
    finance staff Finantsanalüütik
    it director IT-juht
    it manager Infoturbejuht
    it staff Süsteemiadministraator
    marketing director Turundusjuht
    marketing manager Turunduskommunikatsiooni juht
    marketing staff Turundusspetsialist
    sales vp Müügidirektor
    sales director Müügijuht
    sales manager Kliendihaldur
    sales staff Müügiesindaja
    operations c_level Tegevdirektor
    operations manager Tootmisjuht
    operations manager Logistikajuht
    hr director Personalijuht
    hr staff Personalispetsialist
    legal director Õigusosakonna juhataja
    legal staff Jurist
    engineering c_level Tehnoloogiajuht
    engineering director Arendusjuht
    engineering manager Tootejuht
    engineering staff Tarkvaraarendaja
    procurement director Hankejuht
    procurement staff Ostuspetsialist
  `),
  ja: titles(`
    executive c_level 代表取締役社長
    executive c_level 代表取締役
    executive c_level 社長
    executive vp 取締役
    executive vp 執行役員
    finance c_level 最高財務責任者
    finance director 経理部長
    finance director 財務部長
    finance manager 経理課長
    finance staff 経理担当
    it c_level 最高情報責任者
    it director 情報システム部長
    it manager 情報システム課長
    it staff 社内SE
    marketing c_level 最高マーケティング責任者
    marketing director マーケティング部長
    marketing manager マーケティング課長
    marketing staff マーケティング担当
    marketing staff 広報担当
    sales vp 営業本部長
    sales director 営業部長
    sales manager 営業課長
    sales staff 営業主任
    sales staff 営業担当
    operations director 製造部長
    operations director 工場長
    operations director 業務部長
    operations manager 物流課長
    hr director 人事部長
    hr manager 人事課長
    hr staff 人事担当
    legal director 法務部長
    legal staff 法務担当
    engineering c_level 最高技術責任者
    engineering director 開発部長
    engineering manager 技術課長
    engineering staff エンジニア
    procurement director 購買部長
    procurement staff 購買担当
  `),
  zh: titles(`
    executive c_level 首席执行官
    executive c_level 首席執行官
    executive c_level 总经理
    executive c_level 董事长
    executive vp 副总经理
    finance c_level 首席财务官
    finance c_level 财务总监
    finance manager 财务经理
    finance manager 财务主管
    finance staff 会计
    it c_level 首席信息官
    it director IT总监
    it manager 信息技术部经理
    it staff 系统管理员
    marketing c_level 首席营销官
    marketing director 市场总监
    marketing manager 市场部经理
    marketing manager 品牌经理
    marketing staff 市场专员
    sales vp 销售副总裁
    sales director 销售总监
    sales manager 销售经理
    sales manager 大客户经理
    sales staff 销售代表
    operations c_level 首席运营官
    operations director 运营总监
    operations manager 运营经理
    operations manager 生产经理
    hr director 人力资源总监
    hr manager 人力资源经理
    hr staff 人事专员
    legal director 法务总监
    legal manager 法务经理
    legal staff 法律顾问
    engineering c_level 首席技术官
    engineering director 研发总监
    engineering manager 技术经理
    engineering manager 产品经理
    engineering staff 软件工程师
    procurement director 采购总监
    procurement manager 采购经理
    procurement staff 采购专员
  `),
  de: titles(`
    executive c_level Geschäftsführer
    executive c_level Geschäftsführerin
    executive c_level Vorstandsvorsitzender
    executive c_level Geschäftsführender Gesellschafter
    executive vp Prokurist
    finance c_level Finanzvorstand
    finance director Kaufmännischer Leiter
    finance director Leiter Finanzen
    finance manager Leiter Rechnungswesen
    finance staff Controller
    finance staff Buchhalterin
    it c_level CIO
    it director Leiter IT
    it director IT-Leiter
    it manager IT-Projektleiter
    it staff Systemadministrator
    marketing vp Bereichsleiter Marketing
    marketing director Leiter Marketing
    marketing director Marketingleiterin
    marketing director Head of Marketing
    marketing manager Marketing Manager
    marketing staff Referentin Marketing
    sales vp Bereichsleiter Vertrieb
    sales director Vertriebsleiter
    sales director Leiter Vertrieb
    sales manager Key Account Manager
    sales staff Vertriebsmitarbeiter
    operations director Betriebsleiter
    operations director Produktionsleiter
    operations manager Leiter Logistik
    hr director Personalleiter
    hr director Leiterin Personal
    hr staff Personalreferentin
    legal director Leiter Recht
    legal staff Justiziar
    legal staff Syndikusrechtsanwalt
    engineering c_level Technischer Geschäftsführer
    engineering director Leiter Entwicklung
    engineering manager Produktmanager
    engineering staff Softwareentwickler
    procurement director Leiter Einkauf
    procurement director Einkaufsleiter
    procurement staff Einkäufer
  `),
  fr: titles(`
    executive c_level Président-directeur général
    executive c_level PDG
    executive c_level Directeur général
    executive c_level Directrice générale
    executive c_level Gérant
    finance c_level Directeur administratif et financier
    finance c_level Directrice financière
    finance manager Responsable comptable
    finance staff Contrôleur de gestion
    finance staff Comptable
    it c_level Directeur des systèmes d'information
    it manager Responsable informatique
    it staff Administrateur systèmes
    marketing director Directrice marketing
    marketing director Directeur marketing
    marketing manager Responsable marketing
    marketing manager Chef de produit marketing
    marketing staff Chargée de marketing
    sales vp Directeur des ventes
    sales director Directeur commercial
    sales manager Responsable des ventes
    sales staff Ingénieur commercial
    sales staff Chargé d'affaires
    operations vp Directeur des opérations
    operations manager Responsable de production
    operations manager Responsable logistique
    hr director Directrice des ressources humaines
    hr manager Responsable RH
    hr staff Chargée de recrutement
    legal director Directeur juridique
    legal staff Juriste
    engineering c_level Directeur technique
    engineering director Responsable R&D
    engineering manager Chef de projet
    engineering staff Développeur
    procurement director Directeur des achats
    procurement staff Acheteur
  `),
  es: titles(`
    executive c_level Consejero delegado
    executive c_level Director general
    executive c_level Directora general
    executive c_level Presidente
    finance c_level Director financiero
    finance c_level Directora financiera
    finance manager Responsable de contabilidad
    finance staff Controller financiero
    finance staff Contable
    it director Director de sistemas
    it manager Responsable de IT
    it staff Administrador de sistemas
    marketing director Director de marketing
    marketing director Directora de marketing
    marketing manager Responsable de marketing
    marketing staff Técnico de marketing
    sales vp Director de ventas
    sales director Director comercial
    sales manager Jefe de ventas
    sales manager Key Account Manager
    sales staff Ejecutivo de cuentas
    operations vp Director de operaciones
    operations manager Jefe de producción
    operations manager Responsable de logística
    hr director Directora de recursos humanos
    hr staff Técnico de RRHH
    legal director Director jurídico
    legal staff Abogado
    engineering c_level Director técnico
    engineering manager Jefe de desarrollo
    engineering staff Desarrollador
    procurement director Director de compras
    procurement manager Jefe de compras
    procurement staff Comprador
  `),
  it: titles(`
    executive c_level Amministratore delegato
    executive c_level Direttore generale
    executive c_level Presidente
    finance c_level Direttore finanziario
    finance manager Responsabile amministrativo
    finance staff Controller
    finance staff Contabile
    it director Direttore sistemi informativi
    it manager Responsabile IT
    it staff Sistemista
    marketing director Direttore marketing
    marketing manager Responsabile marketing
    marketing staff Marketing specialist
    sales director Direttore commerciale
    sales manager Responsabile vendite
    sales staff Account manager
    sales staff Agente di commercio
    operations vp Direttore operativo
    operations manager Responsabile di produzione
    operations manager Responsabile logistica
    hr director Direttore risorse umane
    hr manager Responsabile del personale
    legal director Responsabile ufficio legale
    legal staff Avvocato
    engineering c_level Direttore tecnico
    engineering director Responsabile R&S
    engineering staff Sviluppatore software
    procurement manager Responsabile acquisti
    procurement staff Buyer
  `),
  nl: titles(`
    executive c_level Algemeen directeur
    executive c_level Directeur-eigenaar
    executive c_level Bestuursvoorzitter
    finance c_level Financieel directeur
    finance director Hoofd financiën
    finance staff Controller
    finance staff Boekhouder
    it director Hoofd ICT
    it manager IT-manager
    it staff Systeembeheerder
    marketing director Marketingdirecteur
    marketing director Hoofd marketing
    marketing manager Marketingmanager
    marketing staff Marketeer
    sales director Commercieel directeur
    sales manager Salesmanager
    sales manager Verkoopleider
    sales staff Accountmanager
    operations vp Operationeel directeur
    operations manager Bedrijfsleider
    operations manager Hoofd logistiek
    hr director HR-directeur
    hr director Hoofd P&O
    hr staff HR-adviseur
    legal director Hoofd juridische zaken
    legal staff Bedrijfsjurist
    engineering c_level Technisch directeur
    engineering manager Productmanager
    engineering staff Softwareontwikkelaar
    procurement director Hoofd inkoop
    procurement staff Inkoper
  `),
  sv: titles(`
    executive c_level Verkställande direktör
    executive c_level VD
    executive c_level Styrelseordförande
    executive vp Vice VD
    finance c_level Finanschef
    finance director Ekonomichef
    finance manager Redovisningsansvarig
    finance staff Controller
    finance staff Ekonomiassistent
    it director IT-chef
    it manager IT-ansvarig
    it staff Systemadministratör
    marketing vp Marknadsdirektör
    marketing director Marknadschef
    marketing manager Marknadsansvarig
    marketing staff Marknadskoordinator
    sales vp Försäljningsdirektör
    sales director Försäljningschef
    sales director Säljchef
    sales manager Key Account Manager
    sales staff Säljare
    operations vp Operativ chef
    operations director Produktionschef
    operations manager Logistikchef
    hr director HR-chef
    hr director Personalchef
    hr staff HR-specialist
    legal director Chefsjurist
    legal staff Bolagsjurist
    engineering c_level Teknisk chef
    engineering director Utvecklingschef
    engineering manager Produktchef
    engineering staff Systemutvecklare
    procurement director Inköpschef
    procurement staff Inköpare
  `),
  nb: titles(`
    executive c_level Administrerende direktør
    executive c_level Daglig leder
    executive c_level Styreleder
    executive c_level Konsernsjef
    finance c_level Økonomidirektør
    finance c_level Finansdirektør
    finance director Økonomisjef
    finance manager Regnskapssjef
    finance staff Controller
    finance staff Regnskapsmedarbeider
    it c_level IT-direktør
    it director IT-sjef
    it manager IT-ansvarlig
    it staff Systemadministrator
    marketing vp Markedsdirektør
    marketing director Markedssjef
    marketing manager Markedsansvarlig
    marketing staff Markedskoordinator
    sales vp Salgsdirektør
    sales director Salgssjef
    sales manager Key Account Manager
    sales staff Selger
    operations vp Driftsdirektør
    operations director Driftssjef
    operations manager Produksjonssjef
    hr vp HR-direktør
    hr director HR-sjef
    hr staff HR-rådgiver
    legal vp Juridisk direktør
    legal staff Bedriftsadvokat
    engineering c_level Teknisk direktør
    engineering director Utviklingssjef
    engineering staff Systemutvikler
    procurement director Innkjøpssjef
    procurement staff Innkjøper
  `),
  fi: titles(`
    executive c_level Toimitusjohtaja
    executive c_level Hallituksen puheenjohtaja
    executive vp Varatoimitusjohtaja
    finance c_level Talousjohtaja
    finance director Talouspäällikkö
    finance staff Controller
    finance staff Kirjanpitäjä
    it c_level Tietohallintojohtaja
    it manager IT-päällikkö
    it staff Järjestelmäasiantuntija
    marketing director Markkinointijohtaja
    marketing manager Markkinointipäällikkö
    marketing staff Markkinointikoordinaattori
    sales director Myyntijohtaja
    sales manager Myyntipäällikkö
    sales manager Asiakkuuspäällikkö
    sales staff Myyntiedustaja
    operations vp Operatiivinen johtaja
    operations director Tuotantojohtaja
    operations manager Logistiikkapäällikkö
    hr director Henkilöstöjohtaja
    hr staff HR-asiantuntija
    legal director Lakiasiainjohtaja
    legal staff Lakimies
    engineering c_level Teknologiajohtaja
    engineering manager Kehityspäällikkö
    engineering staff Ohjelmistokehittäjä
    procurement manager Hankintapäällikkö
    procurement staff Ostaja
  `),
  pl: titles(`
    executive c_level Prezes Zarządu
    executive c_level Członek Zarządu
    executive c_level Dyrektor generalny
    executive vp Wiceprezes Zarządu
    finance c_level Dyrektor finansowy
    finance manager Główna księgowa
    finance staff Kontroler finansowy
    finance staff Księgowa
    it director Dyrektor IT
    it manager Kierownik działu IT
    it staff Administrator systemów
    marketing director Dyrektor marketingu
    marketing manager Kierownik marketingu
    marketing staff Specjalista ds. marketingu
    sales director Dyrektor sprzedaży
    sales manager Kierownik sprzedaży
    sales manager Key Account Manager
    sales staff Przedstawiciel handlowy
    operations vp Dyrektor operacyjny
    operations manager Kierownik produkcji
    operations manager Kierownik logistyki
    hr director Dyrektor HR
    hr staff Specjalista ds. kadr
    legal director Dyrektor działu prawnego
    legal staff Radca prawny
    engineering c_level Dyrektor techniczny
    engineering manager Kierownik projektu
    engineering staff Programista
    procurement manager Kierownik zakupów
    procurement staff Specjalista ds. zakupów
  `),
};
