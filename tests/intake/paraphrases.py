"""The held-out evaluation set for similar-claim matching: each pair is a claim as we
recorded it and the same claim as someone else might put it (reworded, synonyms, clauses
reordered, numbers written differently). Groups by language pair (the claim's, then the
query's): English, Russian, Kazakh, and Russian or Kazakh queries for English claims and
Kazakh queries for Russian ones. ``DISTRACTORS`` are claims on nearby subjects that must
not win."""

ENGLISH = [
    (
        "Unemployment fell by a third in 2023, the labour minister said.",
        "The jobless rate dropped 33 percent last year according to the minister of labour.",
    ),
    (
        "The government has built 4,000 new schools since 2015.",
        "Since 2015 four thousand schools have been constructed by the state.",
    ),
    (
        "Police fired live ammunition at peaceful protesters in Almaty on 5 January.",
        "On January 5th officers shot real bullets at demonstrators who were peaceful in Almaty.",
    ),
    (
        "The president ordered troops to shoot to kill without warning.",
        "Soldiers were told by the head of state to open fire and kill with no warning given.",
    ),
    ("Twenty thousand armed bandits attacked the city.", "The city was stormed by 20,000 gunmen."),
    (
        "The vaccine causes infertility in young women.",
        "Young women become unable to have children because of the jab.",
    ),
    (
        "Fuel prices doubled overnight on 1 January.",
        "Overnight on New Year's Day the price of petrol went up twofold.",
    ),
    (
        "Internet access was shut down across the whole country for five days.",
        "For five days the entire nation had no internet connection.",
    ),
    (
        "Foreign-trained terrorists led the riots.",
        "The unrest was headed by terrorists who had been trained abroad.",
    ),
    (
        "The minimum wage is the highest in the region.",
        "No country in the region pays a higher minimum salary.",
    ),
    (
        "Inflation reached 8.4 percent in December.",
        "In December prices were rising at an annual rate of 8.4%.",
    ),
    (
        "The airport was seized by rioters and held for two days.",
        "Rioters took over the airport and kept control of it for 48 hours.",
    ),
    (
        "More than 200 people died during the January events.",
        "Over two hundred people were killed in the events of January.",
    ),
    (
        "The opposition leader was paid by a foreign government.",
        "A foreign state has been funding the leader of the opposition.",
    ),
    (
        "Child poverty has halved in the last decade.",
        "Over the past ten years the number of children living in poverty fell by 50%.",
    ),
    (
        "The new bridge cost three times its original budget.",
        "Construction of the new bridge ended up costing triple what was planned.",
    ),
    (
        "Half of all doctors have left the country since 2020.",
        "Since 2020, fifty percent of physicians have emigrated.",
    ),
    (
        "The mayor banned all public gatherings of more than ten people.",
        "Gatherings in public of over 10 people were prohibited by the mayor.",
    ),
    (
        "Crime dropped by 40% after the new police chief was appointed.",
        "After a new chief of police took over, the crime rate went down four tenths.",
    ),
    (
        "The country's gas reserves will run out in 12 years.",
        "In twelve years there will be no natural gas left in the nation's reserves.",
    ),
    ("Protesters set fire to the city hall.", "The town hall was burned down by demonstrators."),
    (
        "Russian troops entered the country at the president's request.",
        "At the request of the president, soldiers from Russia came into the country.",
    ),
    (
        "Bread prices rose by 25 percent this year.",
        "This year a loaf costs a quarter more than it used to.",
    ),
    (
        "The election was won with 81 percent of the vote.",
        "The winner of the election got eighty-one per cent of ballots.",
    ),
    (
        "Every pensioner received a one-off payment of 50,000 tenge.",
        "A single bonus of fifty thousand tenge was paid to all retirees.",
    ),
    (
        "Journalists were detained for filming the protests.",
        "Reporters who filmed the demonstrations were arrested.",
    ),
    (
        "The dam collapsed because of illegal sand mining upstream.",
        "Unlawful extraction of sand upstream made the dam fail.",
    ),
    (
        "Drinking water in the capital is contaminated with lead.",
        "There is lead in the tap water of the capital city.",
    ),
    (
        "The state media channel is watched by 90% of households.",
        "Nine in ten homes watch the state TV channel.",
    ),
    (
        "The ministry hid the real number of deaths from the virus.",
        "The true virus death toll was concealed by the ministry.",
    ),
]

RUSSIAN = [
    (
        "Безработица снизилась на треть в 2023 году, заявил министр труда.",
        "По словам министра труда, в прошлом году уровень безработицы упал на 33 процента.",
    ),
    (
        "Президент отдал приказ стрелять на поражение без предупреждения.",
        "Глава государства приказал военным открывать огонь на поражение, не предупреждая.",
    ),
    ("Город атаковали двадцать тысяч вооружённых бандитов.", "На город напали 20 000 боевиков."),
    ("Цены на газ выросли вдвое за одну ночь.", "За ночь стоимость газа увеличилась в два раза."),
    ("Интернет отключили по всей стране на пять дней.", "Пять дней вся страна была без интернета."),
    ("Протестующие подожгли здание акимата.", "Здание акимата было сожжено демонстрантами."),
    (
        "Аэропорт захватили погромщики и удерживали два дня.",
        "Погромщики взяли аэропорт под контроль на 48 часов.",
    ),
    (
        "Журналистов задерживали за съёмку протестов.",
        "Репортёров арестовывали за то, что они снимали митинги.",
    ),
    (
        "Более двухсот человек погибли во время январских событий.",
        "В январских событиях погибли свыше 200 человек.",
    ),
    (
        "Беспорядками руководили террористы, подготовленные за рубежом.",
        "Обученные за границей террористы возглавили беспорядки.",
    ),
]

# A Russian query, an English claim: the first items of ENGLISH, asked in Russian.
RUSSIAN_TO_ENGLISH = [
    (
        "Unemployment fell by a third in 2023, the labour minister said.",
        "Министр труда сказал, что безработица в 2023 году сократилась на треть.",
    ),
    (
        "The president ordered troops to shoot to kill without warning.",
        "Президент приказал войскам стрелять на поражение без предупреждения.",
    ),
    (
        "Twenty thousand armed bandits attacked the city.",
        "Двадцать тысяч вооружённых бандитов напали на город.",
    ),
    (
        "Internet access was shut down across the whole country for five days.",
        "В стране на пять дней отключили интернет.",
    ),
    (
        "The airport was seized by rioters and held for two days.",
        "Погромщики захватили аэропорт и удерживали его два дня.",
    ),
    (
        "Journalists were detained for filming the protests.",
        "Журналистов задержали за то, что они снимали протесты.",
    ),
]

# Kazakh claims and Kazakh paraphrases of them.
KAZAKH = [
    (
        "Алматыда полиция бейбіт наразылық білдірушілерге оқ атты.",
        "Полиция Алматыдағы бейбіт демонстранттарға оқ жаудырды.",
    ),
    (
        "Үкімет 2015 жылдан бері 4000 жаңа мектеп салды.",
        "2015 жылдан бастап мемлекет төрт мың мектеп тұрғызды.",
    ),
    (
        "Нан бағасы биыл 25 пайызға өсті.",
        "Биыл нанның бағасы төрттен бірге көтерілді.",
    ),
    (
        "Барлық зейнеткер 50 000 теңгеден біржолғы төлем алды.",
        "Әр зейнеткерге елу мың теңге біржолғы жәрдемақы төленді.",
    ),
    (
        "Мемлекеттік телеарнаны үйлердің 90 пайызы көреді.",
        "Он үйдің тоғызы мемлекеттік теледидарды көреді.",
    ),
    (
        "Депутаттар өз жалақысын екі есе көбейтті.",
        "Парламент мүшелері айлықтарын екі есеге өсірді.",
    ),
    (
        "Ауыл әкімі жергілікті бюджеттен 10 миллион теңге ұрлады.",
        "Жергілікті бюджеттен он миллион теңгені ауыл әкімі жымқырды.",
    ),
    (
        "Наразылық білдірушілер әкімдік ғимаратын өртеп жіберді.",
        "Әкімдіктің ғимаратын демонстранттар өртеді.",
    ),
]

# A Kazakh query, an English claim: claims of the seed case's kind, asked in Kazakh.
KAZAKH_TO_ENGLISH = [
    (
        "Twenty thousand armed bandits attacked the city.",
        "Қалаға жиырма мың қарулы бандит шабуыл жасады.",
    ),
    (
        "Foreign-trained terrorists led the riots.",
        "Тәртіпсіздіктерді шетелде дайындалған террористер басқарды.",
    ),
    (
        "Russian troops entered the country at the president's request.",
        "Президенттің өтініші бойынша елге Ресей әскерлері кірді.",
    ),
    (
        "The president ordered troops to shoot to kill without warning.",
        "Президент әскерге ескертусіз оқ атуға бұйрық берді.",
    ),
    (
        "Internet access was shut down across the whole country for five days.",
        "Бес күн бойы бүкіл елде интернет өшірілді.",
    ),
    (
        "Journalists were detained for filming the protests.",
        "Наразылықтарды түсіргені үшін журналистер ұсталды.",
    ),
    (
        "Fuel prices doubled overnight on 1 January.",
        "1 қаңтарда бір түнде жанармай бағасы екі есе өсті.",
    ),
]

# A Kazakh query, a Russian claim.
KAZAKH_TO_RUSSIAN = [
    (
        "Аэропорт захватили погромщики и удерживали два дня.",
        "Тонаушылар әуежайды басып алып, екі күн ұстап тұрды.",
    ),
    (
        "Более двухсот человек погибли во время январских событий.",
        "Қаңтар оқиғалары кезінде екі жүзден астам адам қаза тапты.",
    ),
    (
        "Цены на газ выросли вдвое за одну ночь.",
        "Газ бағасы бір түнде екі есе қымбаттады.",
    ),
    (
        "Безработица снизилась на треть в 2023 году, заявил министр труда.",
        "Еңбек министрінің айтуынша, 2023 жылы жұмыссыздық үштен бірге азайды.",
    ),
    (
        "Беспорядками руководили террористы, подготовленные за рубежом.",
        "Тәртіпсіздіктерді шетелде оқытылған террористер басқарды.",
    ),
]

DISTRACTORS = [
    "Unemployment among young people rose in 2023.",
    "The labour minister resigned in March.",
    "The government closed 400 rural schools.",
    "Police said the protesters in Almaty were armed.",
    "The president met troops at the border on 5 January.",
    "The city budget for 2024 was cut by a third.",
    "The vaccine was approved for children over twelve.",
    "Fuel exports doubled in the first quarter.",
    "Mobile phone networks worked normally throughout January.",
    "Terrorism charges were dropped against 30 people.",
    "The minimum pension was raised by 10 percent.",
    "Inflation is expected to fall below 5 percent next year.",
    "The airport reopened after repairs on 10 January.",
    "The opposition won two seats in parliament.",
    "Poverty among pensioners has grown since 2020.",
    "The old bridge will be demolished next spring.",
    "Doctors' salaries were increased by 20 percent.",
    "The mayor opened a new park in the city centre.",
    "The police chief was dismissed after the riots.",
    "Oil production will peak in 2030.",
    "Безработица среди молодёжи выросла.",
    "Президент встретился с военными на границе.",
    "Цены на хлеб остались прежними.",
    "Аэропорт закрыли на ремонт.",
    "Алматыда жаңа саябақ ашылды.",
    "Әуежай жөндеуден кейін қайта ашылды.",
    "Полиция бастығы тәртіпсіздіктерден кейін қызметінен босатылды.",
    "Зейнетақы 10 пайызға көтерілді.",
]

GROUPS = {
    "English": ENGLISH,
    "Russian": RUSSIAN,
    "Kazakh": KAZAKH,
    "Russian→English": RUSSIAN_TO_ENGLISH,
    "Kazakh→English": KAZAKH_TO_ENGLISH,
    "Kazakh→Russian": KAZAKH_TO_RUSSIAN,
}


KAZAKH_LETTERS = set("әғқңөұүһі")


def language_of(text: str) -> str:
    """The language a text of the set is in, as the desk would record it."""
    if KAZAKH_LETTERS & set(text.lower()):
        return "kk"
    return "ru" if any("а" <= char.lower() <= "я" for char in text) else "en"


# Translations the desk recorded of some claims, worded otherwise than the queries that
# look for them: through their words, a query in another language than the claim's finds
# it without pgvector.
_INTO_RUSSIAN = {
    "Twenty thousand armed bandits attacked the city.": (
        "ru",
        "На город напали 20 тысяч вооружённых бандитов.",
    ),
    "Internet access was shut down across the whole country for five days.": (
        "ru",
        "На пять суток интернет в стране был отключён полностью.",
    ),
    "Journalists were detained for filming the protests.": (
        "ru",
        "За съёмку акций протеста журналистов задерживали.",
    ),
}
TRANSLATIONS = [
    (target, language, text)
    for table in (
        _INTO_RUSSIAN,
        {
            "Unemployment fell by a third in 2023, the labour minister said.": (
                "ru",
                "По заявлению министра труда, в 2023 году безработных стало на треть меньше.",
            ),
            "The president ordered troops to shoot to kill without warning.": (
                "ru",
                "Президент велел военным без предупреждения открывать огонь на поражение.",
            ),
            "Twenty thousand armed bandits attacked the city.": (
                "kk",
                "Қалаға 20 000 қарулы қарақшы шабуыл жасады.",
            ),
            "Internet access was shut down across the whole country for five days.": (
                "kk",
                "Бүкіл ел бес күн бойы интернетсіз қалды.",
            ),
            "The airport was seized by rioters and held for two days.": (
                "ru",
                "Погромщики заняли аэропорт и два дня не отдавали его.",
            ),
            "Journalists were detained for filming the protests.": (
                "kk",
                "Журналистер наразылық акцияларын түсіргені үшін ұсталды.",
            ),
            "Foreign-trained terrorists led the riots.": (
                "kk",
                "Тәртіпсіздіктерге шетелде даярланған террористер жетекшілік етті.",
            ),
            "Russian troops entered the country at the president's request.": (
                "kk",
                "Ресей әскерлері президенттің өтінішімен елге енгізілді.",
            ),
            "Fuel prices doubled overnight on 1 January.": (
                "kk",
                "1 қаңтарға қараған түні жанармай екі есе қымбаттады.",
            ),
            "Аэропорт захватили погромщики и удерживали два дня.": (
                "kk",
                "Әуежайды тонаушылар басып алып, екі күн бойы ұстады.",
            ),
            "Более двухсот человек погибли во время январских событий.": (
                "kk",
                "Қаңтар оқиғаларында екі жүзден астам адам қаза болды.",
            ),
            "Цены на газ выросли вдвое за одну ночь.": (
                "kk",
                "Бір түннің ішінде газдың бағасы екі есеге өсті.",
            ),
            "Безработица снизилась на треть в 2023 году, заявил министр труда.": (
                "kk",
                "Еңбек министрі 2023 жылы жұмыссыздық үштен бірге төмендеді деді.",
            ),
            "Беспорядками руководили террористы, подготовленные за рубежом.": (
                "kk",
                "Тәртіпсіздіктерді шет елде дайындықтан өткен террористер ұйымдастырды.",
            ),
        },
    )
    for target, (language, text) in table.items()
]
