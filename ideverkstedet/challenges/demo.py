"""Demo challenges: Norwegian challenges from many services, with team, insight, ideas, cheers and comments.

`small` has one challenge per template below (about 40, with some 300 ideas and comments); `large` repeats the
templates across places and years to 5,000 challenges and over 50,000 ideas and comments, and adds
`demo-100-ideer` (exactly 100 ideas and 100 comments) for the detail page's benchmark. Everything is written with
bulk_create; the counters on challenges and ideas are set to the rows created (hidden posts not counted, as the
services do), and the search index gets an entry per challenge and visible idea.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from random import Random

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, ORGANISATION_ROLES, Role, ServiceArea, Unit, User
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    IdeaStatus,
    Insight,
    Membership,
    Phase,
    PhaseChange,
    PostingBlock,
    Report,
    Tag,
    Visibility,
)
from ideverkstedet.challenges.services import norwegian_slug
from ideverkstedet.core.markdown import render_markdown

# (service area, unit, who they asked (plural, no names), title, summary, description, tags, question, ideas)
Template = tuple[str, str, str, str, str, str, str, str, list[tuple[str, str]]]

TEMPLATES: list[Template] = [
    (
        "Barnehage",
        "Sandvika barnehage",
        "foreldre i barnehagekøen",
        "Hvordan kan vi gjøre det lettere for foreldre å søke barnehageplass?",
        "Mange foreldre synes søknaden om barnehageplass er uoversiktlig, og vi får mange like spørsmål.",
        "Hvert år søker rundt tusen familier om barnehageplass. Mange ringer oss fordi de ikke vet om søknaden "
        "er kommet fram, eller hva fristen betyr for dem.\n\nVi vil forstå hvor det stopper opp for foreldrene, "
        "særlig for dem som har flyttet hit nylig eller ikke har norsk som førstespråk. Målet er færre "
        "telefoner, færre feil i søknadene og tryggere foreldre.",
        "barnehage, søknad, foreldre, klarspråk",
        "Hva var vanskeligst da du søkte barnehageplass?",
        [
            ("Kvittering med neste steg", "Send en kvittering på SMS som sier hva som skjer videre og når."),
            (
                "Søknaden på flere språk",
                "Lag en kort veileder på de fem vanligste språkene blant nye innbyggere.",
            ),
        ],
    ),
    (
        "Helse og omsorg",
        "Hjemmetjenesten Sandvika",
        "eldre som bor alene",
        "Ensomhet blant eldre som bor hjemme",
        "Mange av brukerne våre sier at besøket fra hjemmetjenesten er dagens eneste samtale.",
        "Hjemmetjenesten møter hver dag eldre som bor alene og har få å snakke med. Vi har ikke tid til lange "
        "samtaler, men vi ser at ensomheten går ut over både helse og matlyst.\n\nVi vil finne måter å koble "
        "eldre med naboer, frivillige og hverandre, uten at det blir én oppgave til for de ansatte. Vi vil "
        "gjerne høre fra frivillige lag og foreninger som allerede gjør noe.",
        "eldre, ensomhet, frivillighet, hjemmetjenester",
        "Hva kan få en eldre nabo til å føle seg mindre alene?",
        [
            (
                "Kaffevenn fra frivilligsentralen",
                "Frivillige som kommer på fast dag hver uke, avtalt gjennom oss.",
            ),
            ("Felles lunsj på dagsenteret", "Én lunsj i uka der hjemmetjenesten hjelper med skyss."),
        ],
    ),
    (
        "Helse og omsorg",
        "Hjemmetjenesten Bekkestua",
        "ansatte i hjemmetjenesten",
        "Færre bomturer i hjemmetjenesten",
        "Vi kjører ofte til brukere som ikke er hjemme. Det koster tid som kunne gått til andre brukere.",
        "I fjor registrerte vi over 900 bomturer: vi kom fram, men brukeren var hos lege, frisør eller familie. "
        "Beskjeden om fravær finnes ofte, men den når ikke fram til den som kjører.\n\nVi vil gjøre det enkelt "
        "for brukere og pårørende å si fra, og for oss å se beskjeden før vi drar. Løsningen må fungere for "
        "dem som ikke bruker smarttelefon.",
        "hjemmetjenester, logistikk, pårørende",
        "Hvordan vil du helst si fra når du ikke er hjemme?",
        [
            ("Fraværsknapp på trygghetsalarmen", "En egen knapp brukeren trykker på når hen drar hjemmefra."),
            ("Pårørende melder fravær i appen", "Pårørende kan legge inn fravær som vises på kjørelisten."),
        ],
    ),
    (
        "Skole",
        "Voksenopplæringen",
        "ungdommer som har sluttet på skolen",
        "Ungdom som faller ut av videregående",
        "For mange unge slutter på videregående uten å ha noe annet å gå til.",
        "Vi ser ungdom som slutter midt i skoleåret og blir borte for alle tjenester i månedsvis. Skolen, "
        "NAV og oppfølgingstjenesten har hver sin bit, men ingen har hele bildet.\n\nVi vil finne ut hva som "
        "skjer i ukene før de slutter, og hvem de selv ville snakket med. Utfordringen eies av voksenopplæringen "
        "sammen med NAV og fritid og ungdom.",
        "ungdom, skole, utenforskap, samarbeid",
        "Hva kunne fått deg til å bli på skolen?",
        [
            (
                "Én kontaktperson på tvers",
                "Ungdommen får én voksen som følger hen, uansett hvilken tjeneste.",
            ),
            ("Praksisplass før avbrudd", "Tilby arbeidspraksis som del av skoleløpet i stedet for å slutte."),
        ],
    ),
    (
        "Levekår og sosiale tjenester",
        "Boligkontoret",
        "søkere av startlån",
        "Digital søknad om startlån",
        "Søknaden om startlån er et PDF-skjema med mange vedlegg. Halvparten kommer inn med mangler.",
        "Startlån hjelper folk som ikke får vanlig boliglån. I dag fyller søkerne ut et skjema på papir eller "
        "PDF, og vi sender mange brev for å be om det som mangler.\n\nVi vil lage en digital søknad som henter "
        "det vi kan automatisk og forklarer resten på klart språk. Saksbehandlingstiden skal ned, og søkerne "
        "skal vite hvor saken står.",
        "digitalisering, bolig, søknad, klarspråk",
        "Hva gjorde søknaden om startlån vanskelig for deg?",
        [
            (
                "Hent inntekt automatisk",
                "Hent opplysninger fra Skatteetaten med samtykke, så slipper søkerne vedlegg.",
            ),
            ("Sjekkliste før du starter", "En kort side som viser hva du trenger, før skjemaet åpner."),
        ],
    ),
    (
        "Kultur, frivillighet og idrett",
        "Biblioteket i Sandvika",
        "bibliotekbrukere",
        "Kø på bibliotekets datamaskiner",
        "Det er ofte kø ved de offentlige datamaskinene, særlig når NAV-frister nærmer seg.",
        "Biblioteket har åtte maskiner til publikum. De er fulle store deler av dagen, og mange trenger hjelp "
        "til skjemaer, utskrift og BankID.\n\nVi vil forstå hvem som bruker maskinene og til hva, og prøve ut "
        "ting som gjør ventetiden kortere eller hjelpen bedre. Kanskje trengs ikke flere maskiner, men annen "
        "hjelp.",
        "bibliotek, digital inkludering, kø",
        "Hva bruker du bibliotekets datamaskiner til?",
        [
            (
                "Book en maskin på nett",
                "Halvtimes booking på nett og i skranken, med noen maskiner for drop-in.",
            ),
            (
                "Digital hjelp på tirsdager",
                "Frivillige fra Seniornett hjelper med skjemaer og BankID fast hver uke.",
            ),
        ],
    ),
    (
        "Helse og omsorg",
        "Stabekk sykehjem",
        "pårørende til beboere",
        "Bedre informasjon til pårørende på sykehjemmet",
        "Pårørende ringer mye for å høre hvordan det går, og vaktene rekker ikke å svare alle.",
        "Pårørende er viktige for beboerne, men de vet ofte lite om hverdagen på avdelingen. Telefonene kommer "
        "gjerne midt i stellet eller ved måltidene.\n\nVi vil finne en måte å dele små glimt fra hverdagen og "
        "praktisk informasjon på, uten å dele helseopplysninger på feil måte.",
        "sykehjem, pårørende, kommunikasjon",
        "Hva vil du helst vite om hverdagen på sykehjemmet?",
        [
            ("Ukesbrev fra avdelingen", "Et kort brev hver fredag om aktiviteter, meny og beskjeder."),
            ("Faste telefontider", "En time hver ettermiddag der en sykepleier har tid til pårørende."),
        ],
    ),
    (
        "Teknisk drift og eiendom",
        "Vei og trafikk",
        "foreldre og elever",
        "Tryggere skolevei om vinteren",
        "Foreldre melder om glatte fortau og snøkanter som tvinger barna ut i veien.",
        "Hver vinter får vi henvendelser om skoleveier som ikke er brøytet eller strødd før skolestart. "
        "Brøyterutene er lagt opp etter trafikkmengde, ikke etter hvor barna går.\n\nVi vil kartlegge de "
        "viktigste skoleveiene sammen med skolene og prøve en annen rekkefølge på brøytingen.",
        "trafikksikkerhet, skolevei, vinterdrift",
        "Hvor er skoleveien din farligst om vinteren?",
        [
            ("Barna tegner skoleveien", "Elevene markerer farlige steder på et kart i timen."),
            ("Skoleveier først", "Brøyt og strø fortau ved skolene før klokka sju."),
        ],
    ),
    (
        "Levekår og sosiale tjenester",
        "Flyktningtjenesten",
        "nyankomne familier",
        "Første uke i ny kommune for flyktninger",
        "Nyankomne får mye informasjon på kort tid og husker lite av det.",
        "Når en familie bosettes hos oss, møter de mange tjenester i løpet av noen dager: bank, lege, skole, "
        "NAV og bolig. Mye av informasjonen gis muntlig og på norsk eller engelsk.\n\nVi vil lage en første "
        "uke som er roligere og lettere å huske, og teste den med familier som kom i fjor.",
        "integrering, bosetting, informasjon",
        "Hva skulle du ønske du visste den første uka?",
        [
            (
                "Velkomstkart med bilder",
                "Et kart over nærmiljøet med bilder av stedene familien skal besøke.",
            ),
            ("Fadderfamilie", "En familie som har bodd her en stund, er kontakt den første måneden."),
        ],
    ),
    (
        "Samfunnsutvikling",
        "Plan og bygning",
        "søkere av byggetillatelse",
        "Færre ufullstendige byggesøknader",
        "Fire av ti byggesøknader mangler noe når de kommer inn.",
        "Når en søknad mangler tegninger, nabovarsel eller ansvarsrett, stopper saken opp. Søkerne blir "
        "frustrerte, og saksbehandlerne bruker tid på purring.\n\nVi vil forstå hvorfor søknadene blir "
        "ufullstendige og hjelpe søkerne å få det riktig første gang.",
        "byggesak, søknad, veiledning",
        "Hva var uklart da du søkte om å bygge?",
        [
            ("Forhåndssjekk på ti minutter", "Book en kort videosamtale med en saksbehandler før du sender."),
            ("Eksempelsøknader", "Vis tre ferdige søknader for vanlige tiltak som garasje og tilbygg."),
        ],
    ),
    (
        "Teknisk drift og eiendom",
        "Renovasjon",
        "innbyggere i borettslag",
        "Bedre kildesortering i borettslag",
        "Restavfallet fra borettslagene inneholder mye matavfall og plast.",
        "Plukkanalyser viser at nesten halvparten av restavfallet fra store borettslag kunne vært sortert. "
        "Mange synes det er vanskelig å vite hva som skal hvor, og avfallsrommene er trange.\n\nVi vil teste "
        "enkle grep sammen med noen borettslag og måle effekten.",
        "avfall, klima, kildesortering",
        "Hva ville gjort det lettere for deg å sortere riktig?",
        [
            ("Bildeskilt på dunkene", "Skilt med bilder av vanlige ting i stedet for lange lister."),
            ("Sorteringsvert i borettslaget", "En beboer får opplæring og blir kontaktperson for naboene."),
        ],
    ),
    (
        "Organisasjon og digitalisering",
        "HR og personal",
        "nyansatte",
        "En bedre første arbeidsdag",
        "Nyansatte mangler ofte PC, tilganger og adgangskort den første dagen.",
        "Vi ansetter flere hundre personer i året. Mange bruker den første uka på å vente på utstyr og "
        "tilganger, og lederne bruker tid på å jage etter det.\n\nVi vil lage en felles sjekkliste og se om "
        "bestillingene kan starte automatisk når kontrakten er signert.",
        "rekruttering, onboarding, arbeidsprosess",
        "Hva manglet du den første dagen i ny jobb?",
        [
            (
                "Bestilling når kontrakten signeres",
                "PC og tilganger bestilles automatisk fra personalsystemet.",
            ),
            ("Velkomstpakke til leder", "Leder får en sjekkliste to uker før den nyansatte starter."),
        ],
    ),
    (
        "Helse og omsorg",
        "Helsestasjonen Sandvika",
        "foreldre med spedbarn",
        "Ventetid på helsestasjonen",
        "Foreldre venter lenge på venterommet, og timene blir ofte forskjøvet.",
        "Helsestasjonen har mange faste konsultasjoner, men også uforutsette samtaler som tar tid. Foreldre "
        "med små barn sitter lenge på venterommet.\n\nVi vil finne ut hva som skaper forsinkelsene og prøve "
        "å gi foreldrene beskjed før de drar hjemmefra.",
        "helsestasjon, ventetid, foreldre",
        "Hva ville gjort ventetiden lettere?",
        [
            ("SMS ved forsinkelse", "Foreldre får melding hvis timen er mer enn et kvarter forsinket."),
            ("Lekekrok med ammerom", "Gjør venterommet bedre for både barn og foreldre."),
        ],
    ),
    (
        "Kultur, frivillighet og idrett",
        "Fritid og ungdom",
        "ungdom mellom 13 og 18",
        "Flere møteplasser for ungdom på kveldstid",
        "Ungdom sier de ikke har noe sted å være etter klokka åtte.",
        "Fritidsklubbene stenger tidlig, og kjøpesenteret er blitt møteplassen. Naboer klager på støy, og "
        "ungdommene føler seg uønsket.\n\nVi vil finne ut sammen med ungdomsrådet hva slags sted ungdom "
        "faktisk vil ha, og teste noe i løpet av et halvår.",
        "ungdom, fritid, møteplass",
        "Hvor vil du være på kvelden?",
        [
            ("Åpen hall på fredager", "Idrettshallen holder åpent til midnatt med voksne til stede."),
            ("Ungdommen styrer budsjettet", "Ungdomsrådet får et lite budsjett til egne tiltak."),
        ],
    ),
    (
        "Organisasjon og digitalisering",
        "Servicetorget",
        "innbyggere som ringer servicetorget",
        "Færre telefoner om det samme",
        "En tredel av telefonene til servicetorget handler om fem spørsmål.",
        "Vi har gått gjennom et halvt års henvendelser. De samme spørsmålene kommer igjen: eiendomsskatt, "
        "renovasjon, barnehage, parkering og byggesak.\n\nVi vil gjøre svarene lettere å finne på nettsidene "
        "og se om noen av spørsmålene kan forsvinne ved å endre brevene vi sender.",
        "kundeservice, nettsider, klarspråk",
        "Hva ringte du om sist, og fant du svaret på nett?",
        [
            ("Skriv om fem brev", "Brevene som skaper flest telefoner, skrives om på klarspråk."),
            ("Svar øverst på nettsiden", "De vanligste spørsmålene besvares helt øverst."),
        ],
    ),
    (
        "Skole",
        "Rud ungdomsskole",
        "elever og lærere",
        "Mobilfri skole uten konflikter",
        "Mobilforbudet skaper daglige konflikter mellom elever og lærere.",
        "Skolen innførte mobilfri skoledag i fjor. Lærerne bruker mye tid på å håndheve regelen, og noen "
        "foreldre vil nå barna i skoletiden.\n\nVi vil finne en ordning elevene selv er med på å lage, og "
        "som gjør friminuttene bedre, ikke bare mobilfrie.",
        "skole, ungdom, skolemiljø",
        "Hva burde man kunne gjøre i friminuttet?",
        [
            ("Elevrådet lager reglene", "Elevrådet foreslår reglene og presenterer dem for klassene."),
            ("Aktiviteter i storefri", "Spill, musikk og ballaktiviteter ledet av eldre elever."),
        ],
    ),
    (
        "Helse og omsorg",
        "Tildelingskontoret",
        "søkere av helse- og omsorgstjenester",
        "Raskere vedtak om praktisk bistand",
        "Det tar i snitt fem uker å få vedtak om praktisk bistand.",
        "Søkere og pårørende venter lenge på svar, og mange ringer for å purre. Saksbehandlerne sier at mye tid "
        "går med til å innhente opplysninger som kunne vært gitt i søknaden.\n\nVi vil kartlegge saksgangen og "
        "kutte ventetiden til under tre uker.",
        "saksbehandling, helse, ventetid",
        "Hva var vanskeligst mens du ventet på svar?",
        [
            (
                "Kartleggingsbesøk innen en uke",
                "Alle søkere får besøk første uke, så vedtaket kan skrives raskt.",
            ),
            ("Status i innbyggerportalen", "Søkeren ser hvor i saksgangen søknaden er."),
        ],
    ),
    (
        "Levekår og sosiale tjenester",
        "NAV Sandvika",
        "unge som mottar sosialhjelp",
        "Unge sosialhjelpsmottakere i aktivitet",
        "Mange unge mottar sosialhjelp i lang tid uten å være i aktivitet.",
        "Vi har over hundre unge under 30 som har mottatt sosialhjelp i mer enn et halvt år. Mange har "
        "sammensatte utfordringer, og aktivitetstilbudene passer ikke alle.\n\nVi vil lage tilbud sammen med "
        "de unge selv og lokale arbeidsgivere.",
        "NAV, ungdom, arbeid, utenforskap",
        "Hva slags aktivitet ville gitt deg noe?",
        [
            ("Arbeidstrening i kommunen", "Kommunens egne enheter tar imot unge på arbeidstrening."),
            ("Fast oppfølger", "Samme veileder hele veien, med kortere tid mellom møtene."),
        ],
    ),
    (
        "Samfunnsutvikling",
        "Klima og miljø",
        "ansatte som reiser i jobben",
        "Lavere utslipp fra tjenestereiser",
        "Kommunens ansatte kjører mye egen bil i jobben.",
        "Kjøregodtgjørelsen viser at ansatte kjører over en million kilometer i året med egen bil. Mange "
        "reiser korte turer mellom kommunens bygg.\n\nVi vil gjøre det lettere å velge el-sykkel, bildeling "
        "eller videomøte, og følge med på utslippene.",
        "klima, reiser, bildeling",
        "Hva skal til for at du lar bilen stå?",
        [
            ("El-sykler ved rådhuset", "Ti el-sykler som kan bookes i kalenderen."),
            ("Bildeling mellom enheter", "Enhetene deler elbiler i stedet for å bruke egen bil."),
        ],
    ),
    (
        "Barnehage",
        "Pedagogisk-psykologisk tjeneste",
        "barnehageansatte",
        "Tidlig innsats for barn med språkvansker",
        "Det tar for lang tid fra barnehagen ser en språkvanske til barnet får hjelp.",
        "Barnehagene melder bekymring, men det tar ofte måneder før PPT kan gjøre en utredning. I mellomtiden "
        "får barnet lite målrettet hjelp.\n\nVi vil se om PPT kan være mer til stede i barnehagene og gi råd "
        "tidligere, før det blir en formell sak.",
        "barnehage, språk, tidlig innsats",
        "Hva trenger barnehagen for å hjelpe barna tidligere?",
        [
            ("PPT på besøk hver måned", "Fast dag i hver barnehage der personalet kan drøfte anonymt."),
            ("Språkgrupper i barnehagen", "Små grupper med lek og språk, ledet av barnehagens egne ansatte."),
        ],
    ),
    (
        "Teknisk drift og eiendom",
        "Eiendomsforvaltning",
        "brukere av kommunens lokaler",
        "Ledige lokaler på kveldstid",
        "Skoler og barnehager står tomme om kveldene, mens lag og foreninger mangler lokaler.",
        "Mange frivillige organisasjoner sier de ikke finner lokaler til møter og aktiviteter. Samtidig står "
        "kommunens bygg tomme store deler av døgnet.\n\nVi vil gjøre det enkelt å finne og låne ledige lokaler, "
        "med digital nøkkel og klare regler for rydding.",
        "lokaler, frivillighet, deling",
        "Hva slags lokale trenger laget ditt?",
        [
            ("Felles bookingside", "Alle utlånslokaler på ett sted, med kalender og pris."),
            ("Digital nøkkel", "Leietakeren får kode på SMS i stedet for å hente nøkkel."),
        ],
    ),
    (
        "Helse og omsorg",
        "Psykisk helse og rus",
        "unge voksne med psykiske plager",
        "Lavterskeltilbud for psykisk helse",
        "Mange venter for lenge før de ber om hjelp for psykiske plager.",
        "Vi ser at unge voksne kommer til oss først når det har gått langt. Mange vet ikke at de kan ta "
        "kontakt uten henvisning.\n\nVi vil gjøre tilbudet lettere å finne og ta kontakt med, på de kanalene "
        "de unge faktisk bruker.",
        "psykisk helse, ungdom, lavterskel",
        "Hvor ville du lett etter hjelp hvis du hadde det tungt?",
        [
            ("Chat med psykolog", "Anonym chat to kvelder i uka."),
            ("Drop-in på biblioteket", "Samtaletilbud uten timebestilling, et sted der mange uansett er."),
        ],
    ),
    (
        "Kultur, frivillighet og idrett",
        "Kulturskolen",
        "familier på venteliste",
        "Kortere venteliste i kulturskolen",
        "Over 400 barn står på venteliste, og mange gir opp før de får plass.",
        "Kulturskolen har lange ventelister på piano, gitar og dans. Familier med dårlig råd og barn som har "
        "flyttet hit nylig, er underrepresentert blant elevene.\n\nVi vil prøve nye måter å organisere "
        "undervisningen på, slik at flere får plass og tilbudet når bredere.",
        "kulturskole, barn, inkludering",
        "Hva ville fått barnet ditt til å begynne i kulturskolen?",
        [
            ("Gruppeundervisning for nybegynnere", "Første år i små grupper i stedet for alene med lærer."),
            ("Kulturskole i SFO-tiden", "Undervisning på skolen rett etter skoletid."),
        ],
    ),
    (
        "Organisasjon og digitalisering",
        "Økonomi",
        "ledere i kommunen",
        "Enklere budsjettoppfølging for ledere",
        "Lederne synes økonomirapportene er vanskelige å lese.",
        "Enhetsledere får månedlige rapporter med mange kolonner og koder. Mange lager egne regneark ved "
        "siden av.\n\nVi vil lage en enkel oversikt som viser det lederne trenger for å styre, og teste den "
        "med noen enheter først.",
        "økonomi, ledelse, rapportering",
        "Hva trenger du å vite om budsjettet hver måned?",
        [
            ("Én side per enhet", "Forbruk mot budsjett og prognose på én side, uten koder."),
            ("Økonomikaffe", "En halvtime i måneden med økonomirådgiveren."),
        ],
    ),
    (
        "Skole",
        "Jar skole",
        "foreldre og lærere",
        "Bedre samarbeid mellom hjem og skole",
        "Foreldrene får meldinger i tre ulike kanaler og går glipp av viktige beskjeder.",
        "Lærere sender beskjeder i læringsplattformen, på e-post og i foreldregrupper. Foreldre med flere barn "
        "får fort over tjue meldinger i uka.\n\nVi vil samle kommunikasjonen og bli enige om hva som sendes "
        "hvor og når.",
        "skole, foreldre, kommunikasjon",
        "Hvordan vil du helst få beskjeder fra skolen?",
        [
            ("Én ukesmelding", "Alle beskjeder samlet i én melding fredag ettermiddag."),
            ("Viktig-merke", "Meldinger som krever svar, merkes tydelig."),
        ],
    ),
    (
        "Helse og omsorg",
        "Hjemmetjenesten Sandvika",
        "brukere og pårørende",
        "Trygg hjemkomst etter sykehusopphold",
        "Eldre som kommer hjem fra sykehus, blir ofte lagt inn igjen innen en måned.",
        "Vi får ofte kort varsel når en bruker skrives ut, og medisinlister og utstyr er ikke på plass. "
        "Mange blir lagt inn igjen.\n\nVi vil følge utskrivningen tettere de første dagene og finne ut hva "
        "som gjør at det går galt.",
        "hjemmetjenester, utskrivning, sykehus, pasientsikkerhet",
        "Hva ville gjort hjemkomsten tryggere?",
        [
            ("Hjemkomstbesøk første døgn", "En sykepleier kommer innen 24 timer for å gå gjennom medisiner."),
            (
                "Sjekkliste sammen med sykehuset",
                "Felles liste over hva som skal være på plass før utskrivning.",
            ),
        ],
    ),
    (
        "Barnehage",
        "Fornebu barnehage",
        "barnehageansatte",
        "Mindre matsvinn i barnehagene",
        "Barnehagene kaster mye mat hver uke.",
        "Vi har veid matavfallet i fem barnehager i fire uker. Det kastes mest brød og frukt, og mest på "
        "fredager.\n\nVi vil prøve bedre planlegging av innkjøp og å bruke restene i matlaging med barna.",
        "barnehage, matsvinn, klima",
        "Hvordan bruker dere restemat hjemme?",
        [
            ("Restefredag", "Fredagslunsjen lages av det som er igjen fra uka."),
            ("Innkjøp etter fremmøte", "Bestill mat etter hvor mange barn som faktisk er der."),
        ],
    ),
    (
        "Samfunnsutvikling",
        "Næring og reiseliv",
        "butikkeiere i sentrum",
        "Levende sentrum i Sandvika",
        "Flere butikklokaler i sentrum står tomme, og folk handler heller på kjøpesenteret.",
        "Sentrum har fått flere tomme lokaler de siste årene. Butikkeierne sier de mangler kunder på "
        "hverdager.\n\nVi vil teste midlertidige tiltak sammen med gårdeiere, butikker og innbyggere: "
        "pop-up-butikker, arrangementer og bedre skilting.",
        "sentrum, næring, byutvikling",
        "Hva ville fått deg til å ta en tur i sentrum?",
        [
            ("Pop-up i tomme lokaler", "Gründere og lag får låne tomme lokaler gratis i tre måneder."),
            ("Lørdagsmarked", "Marked med lokal mat og håndverk første lørdag i måneden."),
        ],
    ),
    (
        "Teknisk drift og eiendom",
        "Vann og avløp",
        "huseiere",
        "Varsling før vannet stenges",
        "Innbyggere får for sent beskjed når vannet stenges for arbeid.",
        "Når vi må stenge vannet, varsler vi med SMS til registrerte adresser. Mange leietakere og nye "
        "eiere får ikke beskjeden.\n\nVi vil finne bedre måter å nå alle som bor i området.",
        "vann, varsling, beredskap",
        "Hvordan vil du få beskjed om at vannet blir stengt?",
        [
            ("Lapp i postkassen i tillegg", "Rask lapp i alle postkasser i berørte gater."),
            ("Kart over stengte områder", "Oppdatert kart på nettsiden med tidspunkt."),
        ],
    ),
    (
        "Levekår og sosiale tjenester",
        "Barneverntjenesten",
        "fosterforeldre",
        "Flere fosterhjem i nærmiljøet",
        "Vi mangler fosterhjem, og barn må flytte langt fra skole og venner.",
        "Barn som trenger fosterhjem, må ofte flytte til en annen kommune. Det betyr nytt skolemiljø og brudd "
        "med venner.\n\nVi vil nå flere familier i nærmiljøet og gjøre det lettere å si ja.",
        "barnevern, fosterhjem, rekruttering",
        "Hva skulle til for at du vurderte å bli fosterhjem?",
        [
            ("Informasjonsmøte på skolene", "Fosterforeldre forteller selv om hverdagen."),
            ("Besøkshjem først", "Start som besøkshjem én helg i måneden."),
        ],
    ),
    (
        "Organisasjon og digitalisering",
        "Digitalisering",
        "ansatte",
        "Færre passord og innlogginger",
        "Ansatte bruker mye tid på å logge inn i mange systemer.",
        "En ansatt i helse bruker i snitt sju fagsystemer i løpet av en vakt, med hver sin innlogging. Mange "
        "skriver passordene på lapper.\n\nVi vil innføre felles innlogging der vi kan, og gjøre det tryggere "
        "og raskere.",
        "digitalisering, informasjonssikkerhet, arbeidshverdag",
        "Hvilket system er mest tungvint å logge inn i?",
        [
            ("Felles innlogging med kort", "Adgangskortet brukes også til å logge inn på PC."),
            ("Kartlegg alle innlogginger", "Liste over systemer og hvem som bruker dem."),
        ],
    ),
    (
        "Skole",
        "Kolsås skole",
        "elever og foreldre",
        "Leksehjelp for alle",
        "Elever som ikke får hjelp hjemme, henger etter.",
        "Lærerne ser at noen elever aldri gjør lekser fordi de ikke får hjelp hjemme. Leksehjelpen på skolen "
        "brukes mest av dem som klarer seg fra før.\n\nVi vil nå elevene som trenger det mest, sammen med "
        "frivillige og biblioteket.",
        "skole, leksehjelp, frivillighet",
        "Hva ville gjort det lettere å gjøre lekser?",
        [
            ("Leksehjelp på biblioteket", "Frivillige studenter hjelper to ettermiddager i uka."),
            ("Lekser på skolen", "Siste time hver dag er leksetid med lærer."),
        ],
    ),
    (
        "Kultur, frivillighet og idrett",
        "Frivillighetskontoret",
        "frivillige",
        "Lettere å bli frivillig",
        "Mange vil bidra, men vet ikke hvor de skal starte.",
        "Frivillighetsundersøkelsen viser at mange har lyst til å være frivillige, men ikke har blitt spurt. "
        "Lagene sier de mangler folk.\n\nVi vil lage én inngang der folk kan finne små og store oppdrag, "
        "og prøve ut korte oppdrag uten forpliktelser.",
        "frivillighet, rekruttering, nærmiljø",
        "Hva skulle til for at du ble med som frivillig?",
        [
            ("Engangsoppdrag", "Oppdrag på noen timer, uten å melde seg inn i noe."),
            ("Frivillighetsbørs", "Lagene stiller ut på biblioteket to ganger i året."),
        ],
    ),
    (
        "Helse og omsorg",
        "Stabekk sykehjem",
        "ansatte på sykehjemmet",
        "Mindre tid på dokumentasjon",
        "Sykepleiere bruker opptil to timer per vakt på dokumentasjon.",
        "Mye av dokumentasjonen skrives dobbelt, på papir og i fagsystemet. Tiden går fra beboerne.\n\nVi vil "
        "se på hva som må dokumenteres, og prøve ut tale-til-tekst og nettbrett på rommene.",
        "sykehjem, dokumentasjon, arbeidshverdag",
        "Hva dokumenterer du to ganger?",
        [
            ("Nettbrett på medisinrommet", "Dokumenter der du står, ikke på vaktrommet etterpå."),
            ("Rydd i malene", "Fjern felt ingen bruker."),
        ],
    ),
    (
        "Samfunnsutvikling",
        "Kart og oppmåling",
        "innbyggere",
        "Meld fra om feil på vei og lys",
        "Innbyggere vet ikke hvor de skal melde fra om hull i veien eller gatelys som ikke virker.",
        "Vi får meldinger på telefon, e-post, Facebook og i skranken. Mange blir borte på veien, og "
        "innbyggerne hører aldri hva som skjedde.\n\nVi vil ha én enkel måte å melde fra på, med bilde og "
        "kart, og gi beskjed når feilen er rettet.",
        "vei, gatelys, innbyggerdialog",
        "Hva har du villet melde fra om?",
        [
            ("Meld fra med bilde", "Ta bilde, trykk på kartet, send."),
            ("Beskjed når det er fikset", "Den som meldte, får en melding når feilen er rettet."),
        ],
    ),
    (
        "Barnehage",
        "Lommedalen barnehage",
        "barnehageansatte",
        "Sykefravær i barnehagene",
        "Sykefraværet i barnehagene er høyt, og vikarer er vanskelig å få tak i.",
        "Barnehagene har et sykefravær på over ti prosent. Når en ansatt er borte, blir dagen travel for alle, "
        "og det går ut over barna.\n\nVi vil finne ut hva som sliter mest, og prøve ut tiltak sammen med "
        "ansatte og verneombud.",
        "barnehage, arbeidsmiljø, sykefravær",
        "Hva gjør en arbeidsdag i barnehagen tung?",
        [
            ("Vikarpool på tvers", "Felles vikarer for barnehagene i samme område."),
            ("Pauserom for voksne", "Et rom der de voksne faktisk kan ta pause."),
        ],
    ),
    (
        "Levekår og sosiale tjenester",
        "Boligkontoret",
        "leietakere i kommunale boliger",
        "Raskere vedlikehold i kommunale boliger",
        "Leietakere venter lenge på at feil i boligen blir rettet.",
        "Meldinger om feil kommer inn på mange måter, og det er uklart hvem som skal gjøre hva. Noen "
        "leietakere venter i månedsvis.\n\nVi vil gjøre det lettere å melde fra og se hva som skjer med saken.",
        "bolig, vedlikehold, leietakere",
        "Hva har du ventet lengst på å få fikset?",
        [
            ("Vaktmester på fast dag", "Vaktmester er i hvert område på fast ukedag."),
            ("Sporing av meldinger", "Leietakeren ser status på det som er meldt."),
        ],
    ),
    (
        "Kultur, frivillighet og idrett",
        "Biblioteket i Sandvika",
        "seniorer",
        "Digital hjelp til seniorer",
        "Mange seniorer står utenfor når tjenester blir digitale.",
        "Hver uke kommer seniorer til biblioteket og servicetorget for å få hjelp med BankID, e-post og "
        "digital post. De ansatte har ikke alltid tid eller kompetanse.\n\nVi vil bygge et fast tilbud "
        "sammen med frivillige.",
        "digital inkludering, eldre, bibliotek",
        "Hva trenger du mest hjelp til på mobilen eller PC-en?",
        [
            ("Seniornett-kafé", "Fast kafé med hjelp hver onsdag."),
            ("Hjemmebesøk for de som ikke kommer seg ut", "Frivillige tar med nettbrett hjem."),
        ],
    ),
    (
        "Organisasjon og digitalisering",
        "Innovasjonsenheten",
        "ansatte som har deltatt i verksteder",
        "Flere ansatte som prøver ut ideer",
        "Mange ansatte har gode ideer, men vet ikke hvordan de kan prøve dem ut.",
        "I medarbeiderundersøkelsen svarer mange at de har ideer til forbedringer, men få sier at de har fått "
        "prøvd dem. Lederne sier de mangler tid og metoder.\n\nVi vil gjøre det lettere å teste små ting raskt, "
        "med støtte fra Innovasjonsenheten.",
        "innovasjon, kultur, ledelse",
        "Hva ville gjort det lettere å teste en idé på jobben?",
        [
            ("Testuke", "Én uke i året der alle enheter tester en idé."),
            ("Innovasjonsmidler", "Små beløp som kan søkes på én side."),
        ],
    ),
    (
        "Teknisk drift og eiendom",
        "Vei og trafikk",
        "syklister og gående",
        "Trygg sykkelparkering ved stasjonene",
        "Sykler blir stjålet ved stasjonene, og mange lar derfor bilen stå.",
        "Pendlere sier de ikke tør å la sykkelen stå ved stasjonen. Sykkelstativene er fulle og åpne.\n\n"
        "Vi vil prøve låste sykkelhotell og se om flere sykler til toget.",
        "sykkel, kollektiv, klima",
        "Hva skal til for at du sykler til toget?",
        [
            ("Sykkelhotell med kort", "Låst parkering med reisekortet som nøkkel."),
            ("Lading for el-sykler", "Ladepunkter i sykkelhotellet."),
        ],
    ),
    (
        "Skole",
        "Sandvika skole",
        "lærere",
        "Mindre tid på rapportering for lærere",
        "Lærere bruker mye tid på skjemaer og rapporter.",
        "Lærerne rapporterer det samme til flere mottakere: skolen, kommunen og staten. Tiden går fra "
        "undervisning og elevkontakt.\n\nVi vil kartlegge alt som rapporteres, og fjerne det ingen bruker.",
        "skole, rapportering, arbeidshverdag",
        "Hvilken rapport skriver du som ingen leser?",
        [
            ("Rapportregister", "Oversikt over alt som rapporteres, og hvem som bruker det."),
            ("Fjern én rapport i året", "Hvert år fjernes den minst brukte rapporten."),
        ],
    ),
]

GENERIC_IDEAS: list[tuple[str, str]] = [
    ("Test i én enhet først", "Prøv løsningen i én enhet i fire uker og mål før vi sprer den."),
    ("Spør dem det gjelder", "Inviter fem brukere til en kaffe og en samtale før vi bestemmer noe."),
    (
        "Lær av nabokommunen",
        "Flere kommuner har prøvd noe lignende. Vi kan ringe dem og spørre hva som virket.",
    ),
    (
        "Enkel plakat først",
        "Lag en papirversjon og heng den opp. Se om folk bruker den før vi digitaliserer.",
    ),
    ("Samarbeid med frivillige", "Frivilligsentralen har folk som gjerne hjelper til med dette."),
    ("Klart språk i alle brev", "Skriv om brevene slik at de svarer på det folk faktisk lurer på."),
    ("Én kontaktperson", "Gi folk ett navn og ett nummer å ringe, i stedet for et sentralbord."),
    ("Ta det inn i ukemøtet", "Fem minutter på ukemøtet hver uke for å følge opp, så det ikke glemmes."),
    (
        "Bruk data vi allerede har",
        "Vi har tallene i fagsystemet. Lag en enkel oversikt før vi samler inn mer.",
    ),
    ("Felles kalender", "Én kalender som alle involverte kan se og skrive i."),
    ("Prøv det i sommerferien", "Det er roligere da, og lettere å teste uten å forstyrre."),
    ("Spør ungdomsrådet", "Ungdomsrådet har sikkert meninger og kan teste løsningen."),
    ("Video i stedet for brosjyre", "En kort video på flere språk forklarer mer enn en brosjyre."),
    ("Tilbakemelding med smilefjes", "En enkel knapp med tre fjes der tjenesten gis, så vi ser effekten."),
    ("Del lokaler med andre enheter", "Vi kan bruke lokalene sammen og spare leie."),
    ("Sjekkliste på én side", "Alt man trenger å vite på én side, hengt opp der jobben gjøres."),
    ("Drop-in én dag i uka", "Fast dag uten timebestilling, slik at folk bare kan komme."),
    ("Invitere pårørende inn", "Pårørende vet mye. Inviter dem til et verksted."),
    ("Målinger før og etter", "Bestem hva vi skal måle før vi starter, så vi vet om det virket."),
    ("Gjør det frivillig først", "La dem som vil, prøve først. Andre følger etter når de ser at det virker."),
]

CHALLENGE_COMMENTS = [
    "Dette kjenner jeg meg godt igjen i fra min egen enhet.",
    "Bra at dere tar tak i dette! Hvordan kan vi bidra?",
    "Har dere snakket med dem som jobber i skranken? De hører mye om dette.",
    "Vi prøvde noe lignende for et par år siden. Ta gjerne kontakt, så forteller jeg hva vi lærte.",
    "Jeg tror problemet er større enn det ser ut som. Mange sier ikke fra.",
    "Kan dere dele innsikten når dere har samlet den? Vi har en lignende sak.",
    "Husk dem som ikke bruker digitale tjenester.",
    "Som innbygger setter jeg stor pris på at dere spør oss.",
    "Når er neste verksted? Jeg vil gjerne være med.",
    "Dette henger sammen med bemanningen. Uten flere hender blir det vanskelig.",
    "Godt formulert utfordring. Den er lett å forstå for oss utenfra.",
    "Vi i frivilligsentralen har folk som kan hjelpe til.",
    "Har dere sett på hvordan andre kommuner har løst dette?",
    "Jeg har opplevd dette selv, og det var frustrerende.",
    "Kanskje en idé å teste i liten skala først?",
    "Dere bør ta med de ansatte på gulvet tidlig.",
]
IDEA_COMMENTS = [
    "God idé! Den er enkel å teste.",
    "Hva vil dette koste?",
    "Jeg liker denne, men hvem skal ha ansvaret?",
    "Dette ville hjulpet meg mye.",
    "Kan dette kombineres med en av de andre ideene?",
    "Vi har prøvd noe lignende, og det fungerte godt.",
    "Tenk på personvernet her.",
    "Heier på denne!",
    "Hvordan når vi dem som ikke leser nettsidene?",
    "Kan vi teste dette før sommeren?",
]
REPLIES = [
    "Takk, godt innspill! Vi tar det med oss.",
    "Enig. Det bør vi se nærmere på.",
    "Vi har tenkt på det samme. Se idéen lenger opp.",
    "Takk for at du deler. Kan du si litt mer?",
    "Det er et godt poeng, vi skal undersøke det.",
    "Det er lagt inn i planen for neste fase.",
    "Jeg tror ikke det er så enkelt, men verdt å prøve.",
]

STATUS_NOTES = {
    "considering": [
        "Vi ser på hva dette vil kreve, og kommer tilbake før neste fase.",
        "Laget har diskutert idéen og vil gjerne vite mer om hvordan den kan gjennomføres.",
    ],
    "testing": [
        "Vi tester dette i én enhet i fire uker fra neste måned.",
        "En enkel prototyp er laget, og fem brukere prøver den nå.",
    ],
    "implemented": [
        "Innført etter en vellykket test. Takk til alle som bidro!",
        "Dette er nå fast praksis. Vi følger med på effekten.",
    ],
    "set_aside": [
        "Vi legger idéen til side fordi den krever endringer i et fagsystem vi ikke eier. Vi tar den opp igjen ved neste anskaffelse.",
        "God idé, men den overlapper med en annen idé vi tester. Vi samler dem.",
    ],
}

OUTCOMES = [
    "Takk for alle innspillene! Vi fikk {ideas} ideer. Tre av dem testes nå, og vi forteller hva vi lærte når testen er ferdig.",
    "Innspillene viste at det viktigste er klarere informasjon. Vi har skrevet om tekstene og følger med på om henvendelsene går ned.",
    "Vi valgte to ideer å gå videre med. De andre er lagt til side, med en forklaring på hver idé.",
    "Innspillene er brukt i et verksted med de ansatte. Resultatet er en ny rutine som innføres fra neste måned.",
]

PHASE_NOTES = {
    "mote": "Opprettet",
    "tenke": "Laget er samlet. Nå henter vi innsikt.",
    "skape": "Vi har nok innsikt til å lage og teste ideer.",
    "dele": "Løsningen er tatt i bruk. Vi deler det vi lærte.",
}

INSIGHTS = [
    (
        "interview",
        "Hva {who} forteller",
        "De vi snakket med, beskriver det samme: det er uklart hvem de skal spørre, og svarene kommer for sent.",
        "intervjuer med {n} {who}",
        "Semistrukturerte intervjuer",
    ),
    (
        "observation",
        "En dag i tjenesten",
        "Vi fulgte arbeidet en hel dag. Mye tid går med til å lete etter informasjon og vente på svar.",
        "observasjon i {unit}",
        "Skygging",
    ),
    (
        "data",
        "Tallene fra fagsystemet",
        "Henvendelsene har økt jevnt de siste tre årene, mest i august og januar.",
        "fagsystemet, anonymiserte tall",
        "Uttrekk fra fagsystem",
    ),
    (
        "other",
        "Det vi lærte i verkstedet",
        "Deltakerne var enige om at det viktigste er å gjøre første kontakt enklere.",
        "verksted med {n} {who}",
        "Verksted",
    ),
]

# Where a variant of a template takes place in `large`: (preposition, place).
PLACES = [
    ("i", "Sandvika"),
    ("på", "Bekkestua"),
    ("på", "Fornebu"),
    ("i", "Lommedalen"),
    ("på", "Kolsås"),
    ("på", "Rud"),
    ("på", "Jar"),
    ("på", "Stabekk"),
    ("på", "Høvik"),
    ("på", "Billingstad"),
    ("i", "Bærums Verk"),
    ("på", "Haslum"),
    ("på", "Østerås"),
    ("på", "Eiksmarka"),
    ("på", "Gjettum"),
    ("på", "Tanum"),
    ("på", "Snarøya"),
    ("på", "Blommenholm"),
    ("på", "Hosle"),
    ("på", "Vøyenenga"),
]
NUMBERS = ["tre", "fire", "fem", "seks", "sju", "åtte"]
# The demo accounts' own challenges (by template title), so that "mine" has content when they log in.
OWNERS = {
    "Færre bomturer i hjemmetjenesten": "ansatt@demo.kommune.no",
    "Trygg hjemkomst etter sykehusopphold": "ansatt@demo.kommune.no",
    "Ensomhet blant eldre som bor hjemme": "leder@demo.kommune.no",
    "Flere ansatte som prøver ut ideer": "radgiver@demo.kommune.no",
    "Lettere å bli frivillig": "frivillig@demo.no",
}
CHALLENGES = {"small": len(TEMPLATES), "large": 5000}
# Ideas on a challenge that was (or is) open for input, and the chance of a comment on each idea.
IDEAS_WHEN_OPEN = {"small": (2, 7), "large": (4, 14)}
BIG_SLUG = "demo-100-ideer"
BATCH = 2000

STATUS_WEIGHTS = {  # by phase order: new, considering, testing, implemented, set aside
    0: (9, 1, 0, 0, 0),
    1: (7, 3, 0, 0, 1),
    2: (4, 3, 3, 0, 1),
    3: (2, 1, 2, 4, 2),
}
STATUSES = [s.value for s in IdeaStatus]


@dataclass
class People:
    municipal: list[int]
    citizens: list[int]
    organisations: list[int]  # volunteers and external actors with an organisation
    everyone: list[int]
    by_area: dict[int, list[int]]
    role: dict[int, str]
    demo: dict[str, int]
    org_of: dict[int, int | None]


@dataclass
class Plan:
    """What one challenge gets, built in Python before anything is written."""

    challenge: Challenge
    area_ids: list[int]
    tag_ids: list[int]
    updated_at: datetime | None = None
    ideas: list[Idea] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    replies: list[Comment] = field(default_factory=list)


def _people() -> People:
    rows = list(
        User.objects.filter(is_active=True, email_verified_at__isnull=False)
        .exclude(role=Role.ADMINISTRATOR)
        .order_by("pk")
        .values_list("pk", "role", "unit__service_area_id", "organisation_id", "email")
    )
    people = People([], [], [], [], {}, {}, {}, {})
    for pk, role, area_id, org_id, email in rows:
        people.role[pk] = role
        people.org_of[pk] = org_id
        people.everyone.append(pk)
        if email.endswith(("@demo.no", "@demo.kommune.no")):
            people.demo[email] = pk
        if role in MUNICIPAL_ROLES:
            people.municipal.append(pk)
            if area_id and role in {Role.EMPLOYEE, Role.LEADER}:
                people.by_area.setdefault(area_id, []).append(pk)
        elif role in ORGANISATION_ROLES and org_id:
            people.organisations.append(pk)
        elif role == Role.CITIZEN:
            people.citizens.append(pk)
    return people


@lru_cache(maxsize=4096)
def _plain(markdown_text: str) -> str:
    """As the services index it: rendered Markdown without tags."""
    return strip_tags(render_markdown(markdown_text))


def _variant_title(title: str, variant: int) -> tuple[str, str]:
    """The template's title at a place (and the place), for the templates' repeats in `large`."""
    if variant == 0:
        return title, ""
    prep, place = PLACES[(variant - 1) % len(PLACES)]
    if title.endswith("?"):
        return f"{title[:-1]} {prep} {place}?", place
    return f"{title} {prep} {place}", place


def _between(rng: Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))


def _tags() -> dict[str, int]:
    names = sorted({name.strip() for t in TEMPLATES for name in t[6].split(",") if name.strip()})
    existing = {tag.slug: tag.pk for tag in Tag.objects.all()}
    new = [
        Tag(name=name, slug=norwegian_slug(name)) for name in names if norwegian_slug(name) not in existing
    ]
    Tag.objects.bulk_create(new)
    by_slug = {tag.slug: tag.pk for tag in Tag.objects.all()}
    return {name: by_slug[norwegian_slug(name)] for name in names}


def populate(*, size: str, rng: Random, log: Callable[[str], None]) -> None:
    if Challenge.objects.exists():
        log("challenges: challenges exist already, none added")
        return
    phases = list(Phase.objects.order_by("order", "id"))
    people = _people()
    advisor = people.demo.get("radgiver@demo.kommune.no")
    if len(phases) < 4 or not people.municipal or advisor is None:
        log("challenges: no phases or no people, no challenges added")
        return
    areas = {area.name: area.pk for area in ServiceArea.objects.all()}
    units = {unit.name: unit for unit in Unit.objects.all()}
    tags = _tags()
    now = timezone.now()
    builder = _Builder(rng=rng, size=size, now=now, people=people, phases=phases, advisor=advisor)

    plans: list[Plan] = []
    slugs: set[str] = set()
    for number in range(CHALLENGES[size]):
        template = TEMPLATES[number % len(TEMPLATES)]
        variant = number // len(TEMPLATES)
        area_name, unit_name = template[0], template[1]
        title, place = _variant_title(template[3], variant)
        slug = norwegian_slug(title)[:200]
        if slug in slugs:
            slug = f"{slug[:190]}-{variant}"
        slugs.add(slug)
        owner = people.demo.get(OWNERS.get(title, ""))
        if owner is None:
            local = people.by_area.get(areas.get(area_name, 0), [])
            owner = rng.choice(local) if local and rng.random() < 0.85 else rng.choice(people.municipal)
        area_ids = [areas[area_name]] if area_name in areas else []
        if rng.random() < 0.25:
            other = rng.choice(list(areas.values()))
            if other not in area_ids:
                area_ids.append(other)
        plan = builder.challenge(
            template=template,
            title=title,
            slug=slug,
            place=place,
            owner=owner,
            unit=units.get(unit_name) if people.role[owner] in MUNICIPAL_ROLES else None,
            area_ids=area_ids,
            tag_ids=[tags[name.strip()] for name in template[6].split(",") if name.strip()],
        )
        plans.append(plan)
    if size == "large":
        plans.append(builder.big(areas=list(areas.values()), tag_ids=list(tags.values())[:3]))
    builder.write(plans)
    log(
        f"challenges: {len(plans)} challenges, {builder.idea_total} ideas, {builder.comment_total} comments, "
        f"{builder.cheer_total} cheers, {builder.report_total} reports"
    )


class _Builder:
    def __init__(
        self, *, rng: Random, size: str, now: datetime, people: People, phases: list[Phase], advisor: int
    ) -> None:
        self.rng = rng
        self.size = size
        self.now = now
        self.people = people
        self.phases = phases
        self.advisor = advisor
        self.memberships: list[Membership] = []
        self.phase_changes: list[PhaseChange] = []
        self.insights: list[Insight] = []
        self.follows: list[Follow] = []
        self.followed: set[tuple[int, int]] = set()  # (user, challenge number)
        self.cheers: list[Cheer] = []
        self.idea_total = self.comment_total = self.cheer_total = self.report_total = 0

    # ------------------------------------------------------------ one challenge

    def challenge(
        self,
        *,
        template: Template,
        title: str,
        slug: str,
        place: str,
        owner: int,
        unit: Unit | None,
        area_ids: list[int],
        tag_ids: list[int],
    ) -> Plan:
        rng, now, people = self.rng, self.now, self.people
        from_organisation = people.role[owner] in ORGANISATION_ROLES
        public = from_organisation or rng.random() < 0.55
        phase_index = rng.choices(range(4), weights=(2, 3, 3, 2))[0]
        state = self._input_state(phase_index)
        created = now - timedelta(
            days=rng.randint(45 if state == "closed" else 10, 720), hours=rng.randint(0, 23)
        )
        opens = closes = None
        if state == "open":
            opens = now - timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 10))
            created = min(created, opens - timedelta(days=7))
            closes = now + timedelta(days=rng.randint(3, 30))
        elif state == "upcoming":
            opens = now + timedelta(days=rng.randint(2, 30))
            closes = opens + timedelta(days=rng.randint(14, 30))
        elif state == "closed":
            opens = created + timedelta(days=rng.randint(3, 20))
            closes = min(opens + timedelta(days=rng.randint(14, 28)), now - timedelta(days=1))
        audience = Audience.EVERYONE if public and rng.random() < 0.7 else Audience.EMPLOYEES
        description = template[5]
        if place:
            description += f"\n\nGjelder tjenestene {'på' if place != 'Sandvika' else 'i'} {place}."
        challenge = Challenge(
            title=title,
            slug=slug,
            summary=template[4],
            description=description,
            owner_id=owner,
            unit=unit,
            organisation_id=people.org_of[owner] if from_organisation else None,
            visibility=Visibility.PUBLIC if public else Visibility.INTERNAL,
            phase=self.phases[phase_index],
            input_opens_at=opens,
            input_closes_at=closes,
            input_question=template[7] if state != "none" else "",
            input_audience=audience if state != "none" else Audience.EMPLOYEES,
            created_at=created,
        )
        plan = Plan(challenge=challenge, area_ids=area_ids, tag_ids=tag_ids, updated_at=created)
        team = self._team(challenge, owner, public, created)
        self._history(challenge, owner, phase_index, created)
        if phase_index >= 1:
            self._insights(challenge, template, team, created, unit)
        if state in {"open", "closed"}:
            low, high = IDEAS_WHEN_OPEN[self.size]
            idea_count = rng.randint(low, high)
            authors = self._input_pool(challenge, team)
        else:
            idea_count = rng.randint(0, 2) if phase_index >= 1 else rng.randint(0, 1)
            authors = team
        start = opens if opens and state in {"open", "closed"} else created
        end = min(closes or now, now)
        texts = list(template[8]) + rng.sample(GENERIC_IDEAS, min(len(GENERIC_IDEAS), max(idea_count - 2, 0)))
        for index in range(idea_count):
            idea_title, idea_text = texts[index]
            self._idea(plan, team, authors, idea_title, idea_text, _between(rng, start, end), phase_index)
        # Comments on the challenge itself, with a reply or two from the team.
        talk = rng.randint(0, 3) if state in {"open", "closed"} else rng.randint(0, 1)
        for _ in range(talk):
            self._comment(plan, authors, team, None, _between(rng, start, end), CHALLENGE_COMMENTS)
        if state == "closed" and (phase_index >= 2 or rng.random() < 0.6):
            challenge.outcome = rng.choice(OUTCOMES).format(ideas=len(plan.ideas))
        if public:
            for _ in range(rng.randint(0, 3)):
                self._follow(rng.choice(people.everyone), challenge=challenge)
        else:
            for _ in range(rng.randint(0, 2)):
                self._follow(rng.choice(people.municipal), challenge=challenge)
        return plan

    def _input_state(self, phase_index: int) -> str:
        weights = {
            0: (0, 1, 0, 9),  # open, upcoming, closed, none
            1: (35, 15, 20, 30),
            2: (30, 10, 45, 15),
            3: (0, 0, 80, 20),
        }[phase_index]
        return self.rng.choices(["open", "upcoming", "closed", "none"], weights=weights)[0]

    def _team(self, challenge: Challenge, owner: int, public: bool, created: datetime) -> list[int]:
        rng, people = self.rng, self.people
        team = [owner]
        self.memberships.append(
            Membership(
                challenge=challenge, user_id=owner, status=Membership.Status.ACTIVE, created_at=created
            )
        )
        self._follow(owner, challenge=challenge)
        pool = people.municipal + (people.organisations if public else [])
        wanted = rng.randint(1, 4)
        extra = [self.advisor] if rng.random() < 0.2 else []
        employee = people.demo.get("ansatt@demo.kommune.no")
        if employee and rng.random() < 0.1:
            extra.append(employee)
        outsider = people.demo.get("ekstern@demo.no")
        if public and outsider and rng.random() < 0.1:
            extra.append(outsider)
        for person in extra + rng.sample(pool, min(wanted, len(pool))):
            if person in team:
                continue
            status = rng.choices(
                [Membership.Status.ACTIVE, Membership.Status.INVITED, Membership.Status.REQUESTED],
                weights=(8, 1, 1),
            )[0]
            self.memberships.append(
                Membership(
                    challenge=challenge,
                    user_id=person,
                    status=status,
                    invited_by_id=owner if status != Membership.Status.REQUESTED else None,
                    message="Jeg vil gjerne bidra med erfaring fra min enhet."
                    if status == Membership.Status.REQUESTED
                    else "",
                    created_at=created + timedelta(days=rng.randint(0, 5)),
                )
            )
            if status == Membership.Status.ACTIVE:
                team.append(person)
                self._follow(person, challenge=challenge)
        return team

    def _history(self, challenge: Challenge, owner: int, phase_index: int, created: datetime) -> None:
        step = (self.now - created) / (phase_index + 2)
        for index in range(phase_index + 1):
            phase = self.phases[index]
            self.phase_changes.append(
                PhaseChange(
                    challenge=challenge,
                    from_phase=self.phases[index - 1] if index else None,
                    to_phase=phase,
                    note=PHASE_NOTES.get(phase.slug, ""),
                    changed_by_id=owner,
                    changed_at=created + step * index,
                )
            )

    def _insights(
        self, challenge: Challenge, template: Template, team: list[int], created: datetime, unit: Unit | None
    ) -> None:
        rng = self.rng
        who = template[2]
        for kind, title, body, source, method in rng.sample(INSIGHTS, rng.randint(1, 3)):
            values = {"who": who, "n": rng.choice(NUMBERS), "unit": unit.name if unit else "tjenesten"}
            self.insights.append(
                Insight(
                    challenge=challenge,
                    kind=kind,
                    title=title.format(**values),
                    body=body,
                    source=source.format(**values)[:200],
                    observed_on=timezone.localtime(_between(rng, created, self.now)).date(),
                    method=method,
                    is_shareable=rng.random() < 0.5,
                    author_id=rng.choice(team),
                    created_at=created,
                )
            )

    def _input_pool(self, challenge: Challenge, team: list[int]) -> list[int]:
        people = self.people
        if challenge.visibility == Visibility.PUBLIC and challenge.input_audience == Audience.EVERYONE:
            # About half the input from citizens, the rest from employees and organisations.
            return people.citizens * 2 + people.municipal + people.organisations + team
        return people.municipal + team

    # ------------------------------------------------------------ posts

    def _author(self, authors: list[int]) -> tuple[int, bool]:
        person = self.rng.choice(authors)
        citizen = self.people.role[person] == Role.CITIZEN
        return person, self.rng.random() < (0.35 if citizen else 0.03)

    def _idea(
        self,
        plan: Plan,
        team: list[int],
        authors: list[int],
        title: str,
        text: str,
        created: datetime,
        phase_index: int,
    ) -> None:
        rng, challenge = self.rng, plan.challenge
        author, anonymous = self._author(authors)
        citizen = self.people.demo.get("innbygger@demo.no")
        if citizen and citizen in authors and rng.random() < 0.08:
            author, anonymous = citizen, rng.random() < 0.5
        status = rng.choices(STATUSES, weights=STATUS_WEIGHTS[phase_index])[0]
        idea = Idea(
            challenge=challenge,
            author_id=author,
            is_anonymous=anonymous,
            title=title,
            description=text,
            status=status,
            status_note=rng.choice(STATUS_NOTES[status]) if status in STATUS_NOTES else "",
            status_changed_at=_between(rng, created, self.now) if status != IdeaStatus.NEW else None,
            created_at=created,
        )
        plan.ideas.append(idea)
        self._follow(author, idea=idea)
        self._touch(plan, created)
        # Cheers: most ideas get a few, some many, and the implemented ones more.
        pool = self.people.everyone if challenge.visibility == Visibility.PUBLIC else self.people.municipal
        wanted = int(rng.expovariate(1 / (6 if status == IdeaStatus.IMPLEMENTED else 3)))
        cheerers = rng.sample(pool, min(wanted, len(pool), 60))
        if (
            citizen
            and challenge.visibility == Visibility.PUBLIC
            and citizen not in cheerers
            and rng.random() < 0.1
        ):
            cheerers.append(citizen)
        for person in cheerers:
            self._cheer(idea, person, _between(rng, created, self.now))
        # Comments on the idea.
        while rng.random() < 0.45:
            self._comment(plan, authors, team, idea, _between(rng, created, self.now), IDEA_COMMENTS)

    def _cheer(self, idea: Idea, person: int, when: datetime) -> None:
        self.cheers.append(Cheer(idea=idea, user_id=person, created_at=when))
        idea.cheer_count += 1

    def _comment(
        self,
        plan: Plan,
        authors: list[int],
        team: list[int],
        idea: Idea | None,
        created: datetime,
        texts: list[str],
    ) -> Comment:
        rng = self.rng
        author, anonymous = self._author(authors)
        comment = Comment(
            challenge=plan.challenge,
            idea=idea,
            author_id=author,
            is_anonymous=anonymous,
            body=rng.choice(texts),
            created_at=created,
        )
        plan.comments.append(comment)
        self._count_comment(plan, idea)
        self._touch(plan, created)
        if rng.random() < 0.3:
            when = _between(rng, created, self.now)
            reply = Comment(
                challenge=plan.challenge,
                idea=idea,
                parent=comment,
                author_id=rng.choice(team),
                body=rng.choice(REPLIES),
                created_at=when,
            )
            plan.replies.append(reply)
            self._count_comment(plan, idea)
        return comment

    def _count_comment(self, plan: Plan, idea: Idea | None) -> None:
        plan.challenge.comment_count += 1
        if idea is not None:
            idea.comment_count += 1

    def _touch(self, plan: Plan, when: datetime) -> None:
        plan.updated_at = max(plan.updated_at or when, when)

    def _follow(self, person: int, *, challenge: Challenge | None = None, idea: Idea | None = None) -> None:
        key = (person, id(challenge if challenge is not None else idea))
        if key in self.followed:
            return
        self.followed.add(key)
        self.follows.append(Follow(user_id=person, challenge=challenge, idea=idea, created_at=self.now))

    # ------------------------------------------------------------ the benchmark's big challenge

    def big(self, *, areas: list[int], tag_ids: list[int]) -> Plan:
        """`demo-100-ideer`: public, in Skape, open for everyone, exactly 100 ideas and 100 comments."""
        rng, now, people = self.rng, self.now, self.people
        created = now - timedelta(days=60)
        challenge = Challenge(
            title="Idédugnad: Hvordan kan kommunegården i Sandvika bli et sted for alle?",
            slug=BIG_SLUG,
            summary="Den nyrestaurerte kommunegården åpner snart. Vi vil høre fra alle hva første etasje skal by på.",
            description=(
                "Første etasje i kommunegården er til for innbyggerne, og her ligger blant annet Ideverkstedet. "
                "Vi vil at stedet skal brukes av innbyggere, lag og foreninger og kommunens ansatte.\n\n"
                "Hva skal til for at du stikker innom? Hvilke tilbud, åpningstider og aktiviteter ønsker du? "
                "Alle ideer er velkomne, store og små."
            ),
            owner_id=self.advisor,
            unit=Unit.objects.filter(name="Innovasjonsenheten").first(),
            visibility=Visibility.PUBLIC,
            phase=self.phases[2],
            input_opens_at=now - timedelta(days=20),
            input_closes_at=now + timedelta(days=40),
            input_question="Hva vil du gjøre i kommunegården?",
            input_audience=Audience.EVERYONE,
            created_at=created,
        )
        plan = Plan(challenge=challenge, area_ids=areas[:3], tag_ids=tag_ids, updated_at=created)
        team = self._team(challenge, self.advisor, True, created)
        self._history(challenge, self.advisor, 2, created)
        authors = self._input_pool(challenge, team)
        texts = [idea for t in TEMPLATES for idea in t[8]] + GENERIC_IDEAS
        start = now - timedelta(days=20)
        for title, text in rng.sample(texts, 100):
            author, anonymous = self._author(authors)
            when = _between(rng, start, now - timedelta(hours=1))
            idea = Idea(
                challenge=challenge,
                author_id=author,
                is_anonymous=anonymous,
                title=title,
                description=text,
                created_at=when,
            )
            plan.ideas.append(idea)
            self._follow(author, idea=idea)
            for person in rng.sample(people.everyone, min(rng.randint(0, 12), len(people.everyone))):
                self._cheer(idea, person, _between(rng, when, now))
        for index in range(70):
            author, anonymous = self._author(authors)
            comment = Comment(
                challenge=challenge,
                author_id=author,
                is_anonymous=anonymous,
                body=rng.choice(CHALLENGE_COMMENTS),
                created_at=_between(rng, start, now - timedelta(hours=2)),
            )
            plan.comments.append(comment)
            if index < 30:
                plan.replies.append(
                    Comment(
                        challenge=challenge,
                        parent=comment,
                        author_id=rng.choice(team),
                        body=rng.choice(REPLIES),
                        created_at=comment.created_at + timedelta(hours=1),
                    )
                )
        challenge.comment_count = len(plan.comments) + len(plan.replies)
        plan.updated_at = now - timedelta(hours=1)
        return plan

    # ------------------------------------------------------------ moderation, in Python before writing

    def _moderation(self, plans: list[Plan]) -> tuple[list[Report], list[PostingBlock]]:
        rng, people = self.rng, self.people
        public = [
            p for p in plans if p.challenge.visibility == Visibility.PUBLIC and p.challenge.slug != BIG_SLUG
        ]
        comments = [(p, c) for p in public for c in p.comments]
        ideas = [(p, i) for p in public for i in p.ideas]
        scale = 1 if self.size == "small" else 5
        reporters = [*people.citizens, people.demo.get("innbygger@demo.no", people.everyone[0])]
        reports: list[Report] = []
        picked = rng.sample(comments, min(len(comments), 8 * scale))
        reasons = [r.value for r in Report.Reason]
        for index, (plan, comment) in enumerate(picked):
            reporter = rng.choice(reporters)
            report = Report(
                comment=comment,
                reporter_id=reporter,
                reason=rng.choice(reasons),
                details=rng.choice(["", "Dette er ikke greit å skrive om andre.", "Ser ut som reklame."]),
                created_at=_between(rng, comment.created_at, self.now),
            )
            kind = index % 4  # pending, pending, hidden, kept
            if kind == 2:
                comment.hidden_at = report.created_at + timedelta(hours=3)
                comment.hidden_reason = (
                    "Kommentaren omtalte en navngitt person. Skriv gjerne innspillet ditt på nytt uten navn."
                )
                plan.challenge.comment_count -= 1
                if comment.idea is not None:
                    comment.idea.comment_count -= 1
            if kind in {2, 3}:
                report.decision = Report.Decision.HIDDEN if kind == 2 else Report.Decision.KEPT
                report.decided_by_id = self.advisor
                report.decided_at = report.created_at + timedelta(hours=3)
            reports.append(report)
        for _plan, idea in rng.sample(ideas, min(len(ideas), 2 * scale)):
            reports.append(
                Report(
                    idea=idea,
                    reporter_id=rng.choice(reporters),
                    reason=Report.Reason.OFF_TOPIC,
                    details="Hører dette hjemme her?",
                    created_at=_between(rng, idea.created_at, self.now),
                )
            )
        blocks = []
        if people.citizens:
            blocks.append(
                PostingBlock(
                    user_id=people.citizens[-1],
                    reason="Gjentatte krenkende kommentarer etter to advarsler.",
                    blocked_by_id=self.advisor,
                    blocked_at=self.now - timedelta(days=12),
                )
            )
        return reports, blocks

    # ------------------------------------------------------------ writing

    def write(self, plans: list[Plan]) -> None:
        reports, blocks = self._moderation(plans)
        challenges = [p.challenge for p in plans]
        Challenge.objects.bulk_create(challenges, batch_size=BATCH)
        # updated_at is auto_now: put the last activity back, which bulk_update leaves alone.
        for plan in plans:
            plan.challenge.updated_at = plan.updated_at or plan.challenge.created_at
        Challenge.objects.bulk_update(challenges, ["updated_at"], batch_size=500)
        areas_through = Challenge.service_areas.through
        tags_through = Challenge.tags.through
        areas_through.objects.bulk_create(
            [areas_through(challenge_id=p.challenge.pk, servicearea_id=a) for p in plans for a in p.area_ids],
            batch_size=BATCH,
        )
        tags_through.objects.bulk_create(
            [tags_through(challenge_id=p.challenge.pk, tag_id=t) for p in plans for t in p.tag_ids],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        PhaseChange.objects.bulk_create(self.phase_changes, batch_size=BATCH)
        Insight.objects.bulk_create(self.insights, batch_size=BATCH)
        for plan in plans:
            plan.challenge.idea_count = sum(1 for idea in plan.ideas if idea.hidden_at is None)
        ideas = [idea for p in plans for idea in p.ideas]
        Idea.objects.bulk_create(ideas, batch_size=BATCH)
        Challenge.objects.bulk_update(challenges, ["idea_count", "comment_count"], batch_size=500)
        comments = [c for p in plans for c in p.comments]
        replies = [c for p in plans for c in p.replies]
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        Comment.objects.bulk_create(replies, batch_size=BATCH)
        Cheer.objects.bulk_create(self.cheers, batch_size=BATCH)
        Follow.objects.bulk_create(self.follows, batch_size=BATCH)
        Report.objects.bulk_create(reports, batch_size=BATCH)
        PostingBlock.objects.bulk_create(blocks)
        self.idea_total, self.comment_total = len(ideas), len(comments) + len(replies)
        self.cheer_total, self.report_total = len(self.cheers), len(reports)
        _index(plans)


@lru_cache(maxsize=8192)
def _stems(text: str) -> str:
    from ideverkstedet.search.text import stem_text

    return stem_text(text)


def _index(plans: list[Plan]) -> None:
    """One search entry per challenge and visible idea, as services.search_index writes them, in bulk."""
    from ideverkstedet.search.models import SearchEntry
    from ideverkstedet.search.services import search_reindex_all

    now = timezone.now()
    entries: list[SearchEntry] = []
    for plan in plans:
        challenge = plan.challenge
        visibility = "public" if challenge.visibility == Visibility.PUBLIC else "internal"
        body = f"{challenge.summary}\n{_plain(challenge.description)}"
        url = reverse("challenges:detail", args=[challenge.slug])
        entries.append(
            SearchEntry(
                kind="challenge",
                object_id=challenge.pk,
                title=challenge.title[:300],
                body=body,
                url=url,
                visibility=visibility,
                updated_at=now,
                stemmed_title=_stems(challenge.title[:300]),
                stemmed_body=_stems(body),
            )
        )
        for idea in plan.ideas:
            if idea.hidden_at is not None:
                continue
            text = _plain(idea.description)
            entries.append(
                SearchEntry(
                    kind="idea",
                    object_id=idea.pk,
                    title=idea.title,
                    body=text,
                    url=f"{url}ideer/{idea.pk}/",
                    visibility=visibility,
                    updated_at=now,
                    stemmed_title=_stems(idea.title),
                    stemmed_body=_stems(text),
                )
            )
    # SQLite's FTS5 table follows by trigger; PostgreSQL's vectors are computed by the reindex.
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
    if connection.vendor == "postgresql":
        search_reindex_all()
