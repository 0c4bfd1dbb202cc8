/**
 * Danish words that people build passwords from, for the password check (password-policy.ts).
 * zxcvbn-ts ships no Danish dictionary (there is no @zxcvbn-ts/language-da), and its English and
 * common lists do not know "velkommen" or "sommerferie". Written for Lindring (Apache-2.0, like the
 * rest): the words a Danish hospital's staff are likely to reach for, roughly most likely first, as
 * zxcvbn ranks a dictionary by its order. Months, weekdays, seasons and holidays; password words;
 * family and everyday words; the largest towns, the regions and their hospitals; care words; common
 * first names. Each word with æ, ø or å is also checked written with ae, oe and aa.
 */
const WORDS = `
velkommen kodeord adgangskode hemmelig hemmeligt sikkerhed sikker password kode login bruger nulstil glemt skift
sommer vinter forår efterår sommerferie vinterferie efterårsferie påskeferie juleferie ferie weekend
jul julen juleaften julemand nytår nytårsaften påske pinse fastelavn sankthans mortensaften
januar februar marts april maj juni juli august september oktober november december
mandag tirsdag onsdag torsdag fredag lørdag søndag
danmark dansk dannebrog hygge hyggelig kærlighed elsker hjerte familie børn barn mor far mormor morfar farmor farfar
søster bror baby skat skattebasse lykke glæde solskin sol måne stjerne himmel hav strand skov blomst rose hund kat hest
fugl sommerfugl fodbold sommerhus hjem hjemme huset haven bil cykel kaffe øl vin
københavn aarhus århus odense aalborg ålborg esbjerg randers kolding horsens vejle roskilde herning silkeborg næstved
fredericia viborg køge holstebro taastrup slagelse hillerød sønderborg svendborg hjørring holbæk frederikshavn ringsted
haderslev skive glostrup herlev hvidovre gentofte bispebjerg frederiksberg amager nordsjælland sjælland jylland fyn
bornholm lolland falster
region regionen hovedstaden regionh syddanmark midtjylland nordjylland
rigshospitalet riget hospital hospitalet sygehus sygehuset skejby ouh auh universitetshospital
sygeplejerske sygeplejersken sygepleje læge lægen patient patienten patienter afdeling afdelingen afsnit klinik klinikken
ambulatorium hospice hospicet palliation palliativ palliativt palliativteam hjemmepleje hjemmesygeplejerske
kommune kommunen kræft onkologi onkologisk medicin medicinsk kirurgi kirurgisk vagt dagvagt aftenvagt nattevagt
peter jens lars michael henrik thomas søren jan christian martin niels anders morten jesper mads rasmus hans per jørgen
ole mikkel kim frederik lucas oliver william noah emil victor magnus carl anne kirsten mette hanne anna helle susanne
lene maria marianne inge karen lone bente camilla pia louise charlotte jette tina julie emma ida freja clara sofia alma
ella karla laura mathilde sara signe
fck brøndby agf
`;

const ASCII: [RegExp, string][] = [[/æ/g, 'ae'], [/ø/g, 'oe'], [/å/g, 'aa']];

/** The list, each word with æ, ø or å followed by its ae/oe/aa spelling. */
export const DANISH_PASSWORD_WORDS: string[] = [
  ...new Set(
    WORDS.split(/\s+/)
      .filter(Boolean)
      .flatMap((word) => [word, ASCII.reduce((w, [from, to]) => w.replace(from, to), word)]),
  ),
];
