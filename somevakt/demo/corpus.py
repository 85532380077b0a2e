"""What the demo simulator writes: realistic Norwegian municipal traffic, as templates.

Slots in braces are filled from the lists below. Categories name what the text is, so
the screening room's tests can tell what a generated item should trigger.
"""

ROADS = [
    "Storgata",
    "Kirkegata",
    "Degernesveien",
    "Osveien",
    "Skjønnerudveien",
    "Bergenhusveien",
    "Rudskogenveien",
    "Jernbanegata",
    "Sandtorpveien",
    "Kampenesveien",
    "Fosbyveien",
]
PLACES = ["Degernes", "Os", "Kirkeng", "Bjørnstad", "Sandtorp", "Halvorsrød", "Gjulem", "sentrum"]
KINDERGARTENS = ["Os barnehage", "Bergenhus barnehage", "Kirkeng barnehage", "Degernes barnehage"]
SCHOOLS = ["Rakkestad ungdomsskole", "Os skole", "Bergenhus skole", "Degernes skole"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
FILMS = ["Flåklypa", "Elling", "Kon-Tiki", "Trolljegeren", "Kjære landsmenn", "Ninjababy"]
EMPLOYEES = ["Ingrid Haugen", "Arne Berg", "rådmannen", "ordføreren", "Siri Nilsen"]
POLITICIANS = ["ordføreren", "varaordføreren", "Hansen i formannskapet"]
CHILDREN = ["Emma", "Noah", "Olivia", "Jakob", "Nora", "Lucas", "Ella", "Filip"]

CITIZENS = [
    ("Kari Nordmann", "nb"),
    ("Ola Hansen", "nb"),
    ("Berit Johansen", "nb"),
    ("Per Olsen", "nb"),
    ("Liv Karlsen", "nb"),
    ("Tor Eriksen", "nb"),
    ("Anne Pedersen", "nb"),
    ("Jon Kristiansen", "nb"),
    ("Marit Jensen", "nb"),
    ("Geir Andersen", "nb"),
    ("Silje Berg", "nb"),
    ("Terje Haugen", "nb"),
    ("Hilde Solberg", "nb"),
    ("Knut Bakken", "nb"),
    ("Ragnhild Vik", "nn"),
    ("Oddvar Myklebust", "nn"),
    ("Solveig Ness", "nn"),
    ("Anna Lindqvist", "sv"),
    ("Erik Johansson", "sv"),
    ("Mette Sørensen", "da"),
    ("Lars Mikkelsen", "da"),
    ("John Smith", "en"),
    ("Emily Clarke", "en"),
    ("Agnieszka Nowak", "other"),
    ("Mohammed Ali", "other"),
    ("Hodan Farah", "other"),
    ("Jürgen Weber", "other"),
    ("Lucía García", "other"),
    ("Piotr Kowalski", "other"),
]

# Posts the municipality or a unit publishes on its own channels.
STAFF_POSTS = {
    "main_page": [
        "Brøytemeldingen for i dag: Alle kommunale veier i {place} er brøytet. Strøbilen går i {road} i ettermiddag.",
        "Kokevarsel for {place}: Etter ledningsbrudd i {road} må drikkevannet kokes inntil videre. Vi oppdaterer her og på rakkestad.kommune.no.",
        "Nå kan du søke barnehageplass for neste barnehageår. Søknadsfristen er 1. mars. Søknaden sendes via kommunens nettside.",
        "Eiendomsskatten for 2027 er nå sendt ut. Har du spørsmål, finner du svar på rakkestad.kommune.no/eiendomsskatt.",
        "Påminnelse: Avfallshentingen flyttes én dag fram i uka med helligdag. Se tømmekalenderen på nettsiden.",
        "Kommunestyret møtes {weekday} kl. 18.00. Møtet strømmes på nettsiden, og sakspapirene er lagt ut.",
        "Skoleruta for neste skoleår er vedtatt. Første skoledag er 18. august.",
        "Vi søker sommervikarer til hjemmetjenesten og Skautun. Søk via kommunens nettside innen 15. mars.",
        "Vannverket gjør vedlikehold i {road} {weekday} mellom 09 og 14. Det kan bli lavt trykk i området.",
    ],
    "local_page": [
        "Denne uka viser vi «{film}» på Rakkestad kino, {weekday} kl. 18.00. Billetter i døra og på nett.",
        "Frivillig sentral trenger flere turvenner! Har du en time i uka til overs? Ta kontakt med oss.",
        "Vafler og allsang i kafeen på Skautun {weekday} kl. 14. Pårørende er hjertelig velkomne.",
        "Bruktmarkedet på Frivillig sentral er åpent {weekday} 10–14. Vi tar imot rene klær og leker.",
    ],
    "closed_group": [
        "Hei alle foreldre! Husk tursekk og ekstra votter på {weekday}, vi skal på tur til skogen.",
        "Planleggingsdag {weekday}: barnehagen er stengt. Ha en fin dag!",
        "Minner om foreldremøte {weekday} kl. 18 i {kindergarten}.",
    ],
    "secret_group": [
        "Servicekontoret: Telefonen er nede mellom 12 og 13 i dag på grunn av oppdatering.",
        "Husk personalmøte {weekday} kl. 08.30 i kommunestyresalen.",
        "Nye skjemaer for startlån er lagt ut på intranett.",
    ],
    "instagram": ["Vinter i {place} ❄️ #rakkestad #vinter", "Høstfarger ved Ertevann 🍂 #rakkestad"],
    "youtube": [
        "Opptak fra kommunestyremøtet {weekday}",
        "Slik søker du barnehageplass – en kort video",
    ],
    "x_account": ["Brøyting pågår i {place}. Følg med på rakkestad.kommune.no for oppdateringer."],
    "mastodon": ["Nytt fra Rakkestad kommune: Kommunestyret møtes {weekday} kl. 18."],
    "blog": ["Ordføreren blogger: Hvorfor vi bygger ny skole på Os, og hva det betyr for {place}."],
    "net_meeting": [
        "Nettmøte om ny skolestruktur: Still dine spørsmål til ordføreren og rådmannen her."
    ],
}

# Citizen comments and questions by category; the category is what screening should see.
COMMENTS = {
    "question": [
        "Når blir {road} brøytet? Det har ikke vært brøytebil her siden {weekday}.",
        "Hvor lenge varer kokevarselet i {place}?",
        "Hvordan søker jeg barnehageplass i {kindergarten}?",
        "Hvorfor har eiendomsskatten gått opp så mye i år?",
        "Er det noen som vet når søppelet blir hentet i {road} denne uka? Kommunen, kan dere svare?",
        "Kan kommunen svare på når gatelysene i {road} blir fikset?",
        "Når åpner biblioteket igjen etter oppussingen?",
        "Gjelder kokevarselet også for {road}?",
    ],
    "question_nn": [
        "Kva tid vert {road} brøytt? Det er svært glatt her no.",
        "Korleis søkjer eg barnehageplass i {kindergarten}?",
        "Gjeld kokevarselet heile {place}?",
    ],
    "question_sv": [
        "Hej! När plogas {road}? Vi har en stuga i {place}.",
        "Var kan jag hitta sophämtningsschemat?",
    ],
    "question_da": [
        "Hej! Hvornår bliver {road} ryddet for sne?",
        "Hvor kan jeg se affaldskalenderen?",
    ],
    "question_en": [
        "Hi! When will {road} be cleared of snow?",
        "Where can I find the waste collection calendar?",
    ],
    "praise": [
        "Tusen takk til brøytemannskapet, fantastisk jobba i natt!",
        "Så fint at dere legger ut informasjon her. Takk!",
        "Flott arrangement på {place} i går, takk til alle frivillige!",
        "Takk for raskt svar!",
        "Tusen takk for ein fin kveld!",
        "Tack för informationen!",
        "Tak for hurtigt svar!",
        "Great job with the snow clearing, thank you!",
    ],
    "complaint": [
        "Helt uakseptabelt at {road} ikke er strødd. Noen kommer til å brekke beina her.",
        "Eiendomsskatten er et ran av innbyggerne. Kommunen må skjerpe seg.",
        "Det er tredje gang i år at vi får kokevarsel i {place}. Når skal vannledningene skiftes?",
        "Jeg er skuffet over hvordan kommunen har håndtert skolesaken. Dette er dårlig politikk.",
        "Folk i {place} banner og svovler over veiene nå, og jeg skjønner dem godt. Fiks det!",
    ],
    "staff_answer": [
        "Hei! Takk for spørsmålet. Brøytebilen er i {road} i løpet av formiddagen. Mvh Rakkestad kommune",
        "Hei! Kokevarselet gjelder til vi har fått nye prøvesvar, trolig {weekday}. Vi oppdaterer her. Mvh Rakkestad kommune",
        "Hei! Du søker barnehageplass på rakkestad.kommune.no/barnehage. Lykke til! Mvh Rakkestad kommune",
        "Hei! Vi har meldt saken videre til teknisk drift. Mvh Rakkestad kommune",
        "Takk for tilbakemeldingen, vi tar den med oss. Mvh Rakkestad kommune",
    ],
    # D1: a new wall post that answers another post, or a comment off the topic.
    "D1": [
        "Svar til innlegget om brøyting i går: Det er fortsatt ikke brøytet hos oss.",
        "Har noen sett en grå katt i {road}? Den heter Pusen.",
        "Selger vinterdekk, 16 tommer, nesten nye. Send melding.",
    ],
    # D2: swearing, name-calling, threats.
    "D2": [
        "Faen, dere i kommunen er noen idioter alle sammen.",
        "Jævla drittkommune, ingenting fungerer her.",
        "Du er en idiot, {employee}. Jeg skal ta deg.",
        "Hold kjeft, din tulling. Ingen bryr seg om hva du mener.",
        "Dere er så jævla udugelige.",
        "Din jävla idiot, du vet inget.",
        "Shut up you f*cking moron.",
        "Du fortjener å dø for det du har gjort mot {place}.",
    ],
    # D3: racist, threatening or otherwise unlawful content.
    "D3": [
        "Noen burde brenne ned rådhuset, da hadde det blitt orden.",
        "Alle innvandrere burde kastes ut av {place}, de er parasitter.",
        "Jeg vet hvor du bor, {employee}. Pass deg.",
        "Svartinger har ingenting her å gjøre.",
    ],
    # D5: personal attacks on named employees or politicians.
    "D5": [
        "{politician} er en løgner og burde skamme seg.",
        "{employee} er helt inkompetent og burde få sparken.",
        "Typisk {politician}, hjernedød som alltid.",
    ],
    # D6: links to gross content and link shorteners.
    "D6": [
        "Se her da: https://pornhub.com/view_video.php?viewkey=abc",
        "Sjekk dette: bit.ly/3xYzAbc",
        "Mer om saken på www.xvideos.com/video123",
    ],
    # D7: written in a language the rules do not accept.
    "D7": [
        "Wann wird die Straße geräumt? Es ist sehr glatt hier.",
        "Kiedy będzie odśnieżona ulica {road}? Jest bardzo ślisko.",
        "¿Cuándo van a limpiar la nieve de la calle? Está muy peligroso.",
        "Goorma ayaa waddada laga nadiifin doonaa barafka?",
        "Quand est-ce que la route sera déneigée? C'est très glissant.",
        "Kada će ulica biti očišćena od snijega? Jako je sklisko.",
    ],
    # D8: own-case requests that need case processing.
    "D8": [
        "Hva skjer med min byggesøknad? Jeg har ventet i tre måneder. Saksnummer 22/1234.",
        "Jeg vil klage på vedtaket om avslag på barnehageplass til sønnen min.",
        "Kan dere sjekke søknaden min om startlån? Fødselsnummeret mitt er {fnr}.",
        "Jeg har fått avslag på byggesøknaden, saksnr. 23/0456. Hvordan klager jeg?",
    ],
    # G1: sensitive post in a closed kindergarten group.
    "G1": [
        "{child} er syk med feber og omgangssyke, så hun blir hjemme i dag.",
        "Sønnen min har fått diagnosen ADHD, så dere må være ekstra obs på ham.",
        "{child} har fått lus igjen, bare så dere vet det.",
    ],
    # S1: an individual or case discussed in a secret group.
    "S1": [
        "Har dere sett saken til {citizen}? Hun har søkt om sosialhjelp igjen.",
        "{citizen} ringte i dag og var helt hysterisk om byggesaken sin.",
    ],
}
