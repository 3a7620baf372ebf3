package gen

import (
	"fmt"
	"strings"
)

type outlet struct{ name, slug, host string }

// outlets, commonest first (picked with a Zipf skew).
var outlets = []outlet{
	{"Associated Press", "ap", "apnews.example"},
	{"Reuters", "reuters", "reuters.example"},
	{"Agence France-Presse", "afp", "afp.example"},
	{"Al Jazeera", "aljazeera", "aljazeera.example"},
	{"Rudaw", "rudaw", "rudaw.example"},
	{"Shafaq News", "shafaq", "shafaq.example"},
	{"The National", "thenational", "thenational.example"},
	{"Al-Monitor", "almonitor", "al-monitor.example"},
	{"Kurdistan24", "kurdistan24", "kurdistan24.example"},
	{"Stars and Stripes", "stripes", "stripes.example"},
	{"Defense News", "defensenews", "defensenews.example"},
	{"Breaking Defense", "breakingdefense", "breakingdefense.example"},
	{"Politico", "politico", "politico.example"},
	{"The Washington Post", "wapo", "washingtonpost.example"},
	{"The New York Times", "nyt", "nytimes.example"},
	{"BBC News", "bbc", "bbc.example"},
	{"Middle East Eye", "mee", "middleeasteye.example"},
	{"Asharq Al-Awsat", "asharq", "aawsat.example"},
	{"Anadolu Agency", "anadolu", "aa.example"},
	{"Iraqi News Agency", "ina", "ina.example"},
	{"Voice of America", "voa", "voanews.example"},
	{"Military Times", "militarytimes", "militarytimes.example"},
	{"Arab News", "arabnews", "arabnews.example"},
	{"Baghdad Today", "baghdadtoday", "baghdadtoday.example"},
	{"Congressional Research Service", "crs", "crsreports.example"},
}

var (
	usFirst = []string{"John", "Michael", "Sarah", "David", "Emily", "James", "Laura", "Robert", "Karen", "Daniel", "Patricia", "Mark", "Jennifer", "Steven",
		"Elizabeth", "Thomas", "Rebecca", "Brian", "Megan", "Christopher", "Alicia", "Gregory", "Dana", "Kevin", "Natalie", "Aaron", "Heather", "Victor", "Colleen", "Raymond"}
	usLast = []string{"Miller", "Harris", "Walker", "Brennan", "Coleman", "Hughes", "Fletcher", "Donovan", "Price", "Sullivan", "Reyes", "Garrison", "Whitfield",
		"Kowalski", "Navarro", "Pruitt", "Ellison", "Hartley", "McAllister", "Brandt", "Okafor", "Lindqvist", "Castellano", "Abernathy", "Vaughn", "Thornton", "Delgado", "Rourke", "Stanton", "Yates"}
	iqFirst = []string{"Mohammed", "Ali", "Hussein", "Qasim", "Fuad", "Yehia", "Thabit", "Basim", "Haider", "Mustafa", "Abbas", "Sabah", "Karim", "Ahmed",
		"Omar", "Khalid", "Jabbar", "Falih", "Hadi", "Nouri", "Saad", "Ibrahim", "Raad", "Zaid", "Salah", "Mahmoud", "Adnan", "Hamid", "Laith", "Muqtada", "Rasha", "Lina", "Suha", "Nadia"}
	iqLast = []string{"al-Sudani", "Rasool", "al-Abbasi", "al-Araji", "al-Maliki", "al-Amiri", "al-Fayyadh", "al-Hamdani", "al-Jubouri", "al-Dulaimi", "al-Obeidi",
		"al-Zaidi", "al-Khafaji", "al-Tamimi", "Mahdi", "Allawi", "al-Shammari", "al-Saadi", "al-Rubaie", "al-Karbalai", "al-Musawi", "al-Hashimi", "al-Issawi",
		"al-Kaabi", "al-Bayati", "Barzani", "Talabani", "Zebari", "Hawrami", "Mirani", "al-Najafi", "al-Hilli", "al-Basri", "Khazali", "al-Muhandis"}
	iranFirst = []string{"Nasser", "Ali", "Hossein", "Esmail", "Abbas", "Mohammad", "Reza", "Kazem", "Majid", "Hassan"}
	iranLast  = []string{"Kanaani", "Qaani", "Araghchi", "Bagheri", "Larijani", "Gharibabadi", "Velayati", "Rezaei", "Salami", "Baghaei"}

	militias = []string{"Kataib Hezbollah", "Asaib Ahl al-Haq", "Harakat al-Nujaba", "Kataib Sayyid al-Shuhada", "the Badr Organization",
		"the Islamic Resistance in Iraq", "Saraya Awliya al-Dam", "Kataib al-Imam Ali", "Saraya al-Salam", "Jund al-Imam", "Ansar Allah al-Awfiya"}
	bases = []string{"Ain al-Asad air base", "Harir base", "Baghdad International Airport", "Victory Base", "Union III", "Camp Taji", "al-Tanf garrison",
		"Tower 22", "Erbil air base", "Camp Victory", "Balad air base", "the K-1 base", "Qayyarah airfield", "Rumaila oil field base"}
	cities = []string{"Baghdad", "Erbil", "Mosul", "Kirkuk", "Basra", "Sulaymaniyah", "Fallujah", "Ramadi", "Tikrit", "Najaf", "Karbala", "Duhok",
		"Samarra", "Baqubah", "Nasiriyah", "Hilla", "Amarah", "Kut", "Sinjar", "Qaim", "Haditha", "Tal Afar", "Jurf al-Sakhar", "Zakho"}
	provinces  = []string{"Anbar", "Nineveh", "Diyala", "Salahuddin", "Kirkuk", "Babil", "Wasit", "Maysan", "Dhi Qar", "Muthanna", "Qadisiyah", "Najaf", "Karbala", "Basra", "Duhok", "Halabja"}
	members    = []string{"Britain", "France", "Germany", "Italy", "Spain", "Canada", "Australia", "the Netherlands", "Denmark", "Norway", "Poland", "Turkey", "Jordan", "Hungary", "New Zealand", "Belgium"}
	syllables  = []string{"al", "ba", "dar", "fa", "ha", "ja", "ka", "lu", "ma", "na", "qa", "ra", "sa", "ta", "wa", "za", "bi", "di", "hi", "ki", "mi", "ni", "ri", "si", "zi", "bu", "hu", "mu", "shu", "tar", "kan", "ghar", "mir"}
	adjectives = []string{"fragile", "landmark", "protracted", "contentious", "long-awaited", "delicate", "closely watched", "high-stakes", "sensitive", "technical",
		"preliminary", "decisive", "uneasy", "cautious", "renewed", "stalled", "phased", "orderly", "gradual", "sudden", "bilateral", "formal"}
	verbsSaid = []string{"said", "told reporters", "said in a statement", "told {outletref}", "announced", "stressed", "insisted", "warned", "noted", "added", "confirmed", "acknowledged"}
)

// slots fill the templates; what they return may hold templates too.
var slots = map[string]func(g *writer) string{
	"us":     func(g *writer) string { return g.usName },
	"iq":     func(g *writer) string { return g.iqName },
	"leader": func(g *writer) string { return g.mlName },
	"usofficial": func(g *writer) string {
		return pick(g.r, []string{"Defense Secretary {usperson}", "Secretary of State {usperson}", "Pentagon spokesman {usperson}", "State Department spokesperson {usperson}",
			"CENTCOM commander Gen. {usperson}", "U.S. Ambassador {usperson}", "National Security Council spokesman {usperson}", "Maj. Gen. {usperson}, the coalition commander",
			"a senior U.S. defense official", "a U.S. official who spoke on condition of anonymity", "Pentagon press secretary {usperson}", "Brig. Gen. {usperson}"})
	},
	"usperson": func(g *writer) string {
		if g.r.IntN(2) == 0 {
			return g.usName
		}
		return g.person(usFirst, usLast)
	},
	"iqofficial": func(g *writer) string {
		return pick(g.r, []string{"Iraqi Prime Minister {iqperson}", "Foreign Minister {iqperson}", "Defense Minister {iqperson}", "military spokesman Maj. Gen. {iqperson}",
			"National Security Adviser {iqperson}", "government spokesman {iqperson}", "lawmaker {iqperson}", "parliament speaker {iqperson}",
			"Lt. Gen. {iqperson} of the Joint Operations Command", "{iqperson}, an adviser to the prime minister", "Iraqi officials", "an Iraqi military official"})
	},
	"iqperson": func(g *writer) string {
		if g.r.IntN(2) == 0 {
			return g.iqName
		}
		return g.person(iqFirst, iqLast)
	},
	"kurdofficial": func(g *writer) string {
		return pick(g.r, []string{"Kurdistan Region Prime Minister {kurd}", "KRG spokesman {kurd}", "Peshmerga ministry spokesman {kurd}", "Kurdish lawmaker {kurd}", "officials in Erbil"})
	},
	"kurd": func(g *writer) string {
		return pick(g.r, []string{"Masrour", "Nechirvan", "Qubad", "Jutyar", "Sirwan", "Dilshad", "Hemin", "Kawa", "Rebaz", "Shirwan"}) + " " +
			pick(g.r, []string{"Barzani", "Talabani", "Adil", "Hawrami", "Mirani", "Zebari", "Ahmed", "Karim", "Rashid"})
	},
	"iranofficial": func(g *writer) string {
		return pick(g.r, []string{"Iranian Foreign Ministry spokesman", "Quds Force commander", "Iran's foreign minister", "Iranian ambassador"}) + " " +
			pick(g.r, iranFirst) + " " + pick(g.r, iranLast)
	},
	"militia": func(g *writer) string {
		if g.r.IntN(3) > 0 {
			return g.militia
		}
		return militias[g.zipf(len(militias))]
	},
	"mleader":  func(g *writer) string { return "{militia} leader {leader}" },
	"base":     func(g *writer) string { return bases[g.zipf(len(bases))] },
	"city":     func(g *writer) string { return cities[g.zipf(len(cities))] },
	"province": func(g *writer) string { return provinces[g.r.IntN(len(provinces))] },
	"village": func(g *writer) string {
		n := 2 + g.r.IntN(2)
		var b strings.Builder
		for range n {
			b.WriteString(pick(g.r, syllables))
		}
		return capitalize(b.String())
	},
	"member": func(g *writer) string { return pick(g.r, members) },
	"adj":    func(g *writer) string { return pick(g.r, adjectives) },
	"said":   func(g *writer) string { return pick(g.r, verbsSaid) },
	"outletref": func(g *writer) string {
		return outlets[g.r.IntN(len(outlets))].name
	},
	"approx": func(g *writer) string {
		return pick(g.r, []string{"about", "roughly", "some", "nearly", "more than", "fewer than", "at least", "approximately", "around", "an estimated"})
	},
	"troopn": func(g *writer) string { return num(1500 + 50*g.r.IntN(31)) },
	"troops": func(g *writer) string {
		return "{approx} {troopn} {U.S.|American|U.S.} {troops|soldiers|troops|personnel}"
	},
	"coalition": func(g *writer) string {
		return "{approx} " + num(500+100*g.r.IntN(30)) + " coalition {personnel|troops|advisers}"
	},
	"syria": func(g *writer) string { return "{approx} " + num(600+100*g.r.IntN(15)) + " U.S. troops in Syria" },
	"attacks": func(g *writer) string {
		return "{approx} " + fmt.Sprint(20+g.r.IntN(200)) + " {attacks|rocket and drone attacks|attacks}"
	},
	"small": func(g *writer) string {
		return pick(g.r, []string{"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen", "several"})
	},
	"pct":     func(g *writer) string { return fmt.Sprint(5+g.r.IntN(60)) + " percent" },
	"dollars": func(g *writer) string { return "$" + fmt.Sprint(1+g.r.IntN(900)) + " {million|billion|million}" },
	"barrels": func(g *writer) string { return num(3000000+10000*g.r.IntN(150)) + " barrels a day" },
	"km":      func(g *writer) string { return num(10+g.r.IntN(400)) + " kilometres" },
	"date":    func(g *writer) string { return g.dateText(g.dateIn(20, 0)) },
	"future":  func(g *writer) string { return g.dateText(g.dateIn(0, 120)) },
	"month": func(g *writer) string {
		return g.dateIn(200, 200).Format("January 2006")
	},
	"year": func(g *writer) string { return fmt.Sprint(2023 + g.r.IntN(5)) },
	"deadline": func(g *writer) string {
		return pick(g.r, []string{"September 2025", "September 2026", "the end of 2025", "the end of 2026", "mid-2025", "early 2026", "{month}"})
	},
	"condition": func(g *writer) string {
		return pick(g.r, []string{"if the security situation allows", "once Iraqi forces can contain the Islamic State group on their own",
			"depending on conditions on the ground", "unless attacks on U.S. forces resume", "as long as the militias hold their fire",
			"subject to an assessment of the threat", "only after a timetable is agreed", "provided that Baghdad requests it",
			"based on the capabilities of Iraqi security forces", "if parliament approves the agreement"})
	},
	"reason": func(g *writer) string {
		return pick(g.r, []string{"because of the threat from Islamic State cells", "amid pressure from Iran-aligned factions", "in response to the drone strike",
			"due to rising tension across the region", "after lawmakers demanded a timetable", "in retaliation for the killing of a militia commander",
			"to avoid a vacuum that the Islamic State group could exploit", "as a result of the war in Gaza", "owing to budget pressures in Washington"})
	},
	"weapon": func(g *writer) string {
		return pick(g.r, []string{"a one-way attack drone", "rockets", "two drones", "a Katyusha rocket", "an explosive-laden drone", "mortar rounds", "a roadside bomb", "ballistic missiles"})
	},
	"isis": func(g *writer) string {
		return pick(g.r, []string{"the Islamic State group", "ISIS", "Islamic State", "IS militants", "the extremist group", "Daesh", "ISIS remnants"})
	},
	"talks": func(g *writer) string {
		return pick(g.r, []string{"the talks", "the negotiations", "the Higher Military Commission", "the dialogue", "the security talks", "the discussions", "the {adj} talks"})
	},
	"round": func(g *writer) string {
		return pick(g.r, []string{"first", "second", "third", "fourth", "fifth", "latest", "next", "final"})
	},
	"weekday": func(g *writer) string {
		return pick(g.r, []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
	},
}

// topic is a kind of story: its titles, first sentences and body.
type topic struct {
	titles, lead, body []string
}

var topics = []topic{
	{ // the talks
		titles: []string{
			"U.S. and Iraq hold {round} round of talks on coalition's future",
			"{talks} on ending the coalition mission {resume|stall|advance|conclude} in {Baghdad|Washington}",
			"Iraq presses for timetable as {talks} {continue|drag on|move ahead}",
			"Higher Military Commission meets for the {round} time",
			"Baghdad and Washington {agree|fail to agree} on {a timetable|a framework|next steps} for coalition exit",
			"{iqperson} says {talks} with Washington are {adj}",
			"What to know about the {round} round of U.S.-Iraq talks",
			"{usperson} visits {city} as {talks} {resume|continue}",
			"Iraq, U.S. {discuss|review|map out} the end of the coalition mission in {month}",
		},
		lead: []string{
			"The United States and Iraq held the {round} round of {talks} in {Baghdad|Washington} on {date}, {iqofficial} {said}.",
			"{iqofficial} {said} on {date} that {talks} on the future of the U.S.-led coalition would {resume|continue} {next week|within days|after the holiday}.",
			"Iraqi and American military officials met on {date} for the {round} session of the Higher Military Commission.",
			"{talks} between Baghdad and Washington on winding down the coalition {resumed|stalled|made progress} on {date}.",
			"Iraq wants a clear timetable for the departure of coalition forces, {iqofficial} {said} on {date}.",
		},
		body: []string{
			"The commission will assess the threat from {isis}, the operational environment and the capabilities of Iraqi security forces.",
			"A timetable for the withdrawal will be set {condition}, {usofficial} {said}.",
			"{iqofficial} {said} the talks would end with a schedule for a {gradual|phased|orderly} reduction of advisers.",
			"The {round} session lasted {small} hours and ended without a joint statement.",
			"Both sides agreed to form {small} working groups on {logistics, training and intelligence|air defence and logistics|the future of bilateral security ties}.",
			"Washington has said it will not agree to a hasty departure that {isis} could exploit.",
			"The next meeting is expected on {future}, according to {outletref}.",
			"{usofficial} described {talks} as {adj} but productive.",
			"Iraq's negotiators want the mission to end by {deadline}.",
			"The talks are the result of an agreement reached in {month} between {iqofficial} and {usofficial}.",
			"Lawmakers allied with {militia} {said} the talks were moving too slowly.",
			"The coalition's mission would shift to a bilateral security partnership {condition}.",
		},
	},
	{ // troop levels and drawdown
		titles: []string{
			"How many U.S. troops remain in Iraq",
			"U.S. {begins|completes|delays} drawdown from {base}",
			"Coalition to leave {base} by {deadline}",
			"Pentagon {cuts|trims|reviews} force in Iraq",
			"U.S. forces move from {city} to Erbil",
			"{member} to withdraw its trainers from {city}",
			"Last U.S. convoy leaves {base}",
			"Troop cut of {pct} planned in Iraq by {deadline}",
		},
		lead: []string{
			"The United States has {troops} in Iraq, {usofficial} {said} on {date}.",
			"There are {troops} stationed in Iraq and {syria}, according to {outletref}.",
			"U.S. forces began leaving {base} on {date}, {iqofficial} {said}.",
			"The number of U.S. troops in Iraq will fall by {pct} by {deadline}, {usofficial} {said}.",
			"{usofficial} {said} on {date} that {troops} would remain in the Kurdistan region after {deadline}.",
		},
		body: []string{
			"That leaves {troops} in Iraq, mostly in Erbil.",
			"The coalition still has {coalition} in the country.",
			"Some forces will move to Harir base in Erbil, the officials said.",
			"The drawdown is expected to be complete by {deadline}.",
			"U.S. troops left {base} and handed it to the Iraqi army on {date}.",
			"The Pentagon would not say how many of the {troopn} U.S. troops in Iraq would stay.",
			"About {small} bases are still used by coalition forces across {province} and {province}.",
			"A residual force of {troopn} troops could stay {condition}.",
			"The forces are in Iraq at the invitation of the Iraqi government to advise and assist against {isis}.",
			"{member} and {member} {said} they would keep {small} trainers in Baghdad until {deadline}.",
			"The U.S. force in Syria stands at {syria}.",
		},
	},
	{ // attacks by militias
		titles: []string{
			"Drone attack targets U.S. forces at {base}",
			"{militia} claims {rocket|drone} strike on {base}",
			"U.S. strikes {militia} positions in {province}",
			"Attacks on U.S. troops in Iraq {rise|fall|resume} after {talks}",
			"{small} U.S. soldiers wounded in attack on {base}",
			"Rocket fire hits near {base} in {province}",
			"{militia} vows to {continue|escalate|pause} operations against U.S. forces",
			"Explosion at {militia} depot near {city} kills {small}",
		},
		lead: []string{
			"{militia} claimed {weapon} attack on {base} on {date}, {usofficial} {said}.",
			"A U.S. drone strike in {city} on {date} killed a senior commander of {militia}, {iqofficial} {said}.",
			"U.S. forces in Iraq and Syria have come under {attacks} since {month}, according to the Pentagon.",
			"{weapon} struck {base} on {date}, wounding {small} U.S. service members.",
			"The United States carried out airstrikes on {small} sites used by {militia} in {province} province on {date}.",
		},
		body: []string{
			"No casualties were reported, {usofficial} {said}.",
			"{mleader} {said} the group would keep up its attacks until U.S. forces leave Iraq.",
			"The strike was carried out in self-defense, the Pentagon said.",
			"Iraq's government condemned the strike as a violation of its sovereignty.",
			"The attacks began after the war in Gaza broke out in October 2023.",
			"{militia} announced it would suspend its operations against U.S. forces {reason}.",
			"The group is part of the Islamic Resistance in Iraq, an umbrella of Iran-aligned factions.",
			"{small} people were killed and {small} wounded in the strike near {city}, local officials said.",
			"U.S. Central Command said the targets included weapons depots and command centres.",
			"Three U.S. soldiers were killed at Tower 22 in Jordan in January 2024, an attack Washington blamed on {militia}.",
			"{iranofficial} denied that Tehran had ordered the attack.",
		},
	},
	{ // Islamic State
		titles: []string{
			"{isis} cells remain a threat in {province}, officials warn",
			"Iraqi forces kill {small} {isis} militants in {province}",
			"Can Iraq contain the Islamic State group on its own?",
			"Coalition's fight against {isis}, {year} to {deadline}",
			"Militants attack checkpoint near {village} in {province}",
			"Iraqi army sweeps {province} desert for {isis} hideouts",
		},
		lead: []string{
			"Iraqi forces killed {small} {isis} militants in an operation in {province} on {date}, {iqofficial} {said}.",
			"{isis} still has {approx} {small} hundred fighters hiding in the desert of {province}, according to a United Nations report.",
			"The Islamic State group once held more than {km} of territory across Iraq and Syria.",
			"{usofficial} {said} on {date} that {isis} remained capable of a resurgence.",
		},
		body: []string{
			"The coalition was formed in 2014 to fight {isis}.",
			"Iraqi security forces now lead counterterrorism operations with coalition air support.",
			"Thousands of suspected militants are held in prisons and camps in northeast Syria.",
			"The militants attacked a checkpoint near {village} in {province}, killing {small} soldiers.",
			"Officials fear a resurgence if U.S. forces leave abruptly.",
			"Iraq repatriated {approx} {small} hundred families from the al-Hol camp in {month}.",
			"The group lost its last territory in Iraq in 2017.",
			"Intelligence sharing with the coalition would continue after {deadline}, {iqofficial} {said}.",
		},
	},
	{ // Iraqi politics and parliament
		titles: []string{
			"Iraqi lawmakers push vote on foreign troops",
			"Parliament {debates|postpones|passes} resolution on coalition exit",
			"{militia} steps up pressure on Sudani over U.S. forces",
			"Iraq's coalition government divided over U.S. presence",
			"{iqperson} calls for {a vote|a timetable|calm} after {weekday} strike",
			"Elections in {month} loom over the coalition debate",
		},
		lead: []string{
			"Iraq's parliament voted in January 2020 to expel foreign troops, after a U.S. strike killed Qassem Soleimani and Abu Mahdi al-Muhandis.",
			"Lawmakers from the Coordination Framework {said} on {date} they would {seek|push for|demand} a new vote on the presence of foreign forces.",
			"{iqofficial} {said} on {date} that the government would not allow Iraq to become a battleground.",
			"{mleader} {said} on {date} that the factions would give the government time to negotiate.",
		},
		body: []string{
			"The resolution is not binding on the government.",
			"{small} lawmakers signed a petition calling for a timetable for the withdrawal.",
			"The Sunni and Kurdish blocs boycotted the session.",
			"Prime Minister Mohammed Shia al-Sudani came to power in October 2022 with the backing of Iran-aligned parties.",
			"{kurdofficial} {said} the Kurdistan region wanted U.S. forces to stay.",
			"Parliamentary elections are due in {month}.",
			"The government must balance its ties with Washington and Tehran, analysts said.",
			"{iqofficial} {said} the decision to end the mission was an Iraqi decision {reason}.",
		},
	},
	{ // economy, oil and the dollar
		titles: []string{
			"Iraq's oil exports reach {barrels}",
			"U.S. Treasury curbs dollar transfers to Iraqi banks",
			"Electricity imports from Iran test U.S. sanctions waiver",
			"Iraq's budget strained as oil prices fall",
			"Iraq signs {dollars} {power|gas|refinery|railway} deal",
			"Dollar shortage hits markets in {city}",
		},
		lead: []string{
			"Iraq exported {barrels} in {month}, the oil ministry said.",
			"The U.S. Federal Reserve holds Iraq's oil revenue, giving Washington leverage over Baghdad, {outletref} reported.",
			"Washington renewed a waiver allowing Iraq to pay for Iranian electricity on {date}.",
			"Iraq's central bank {said} on {date} that it had received {dollars} in dollar transfers.",
		},
		body: []string{
			"Oil accounts for more than 90 percent of the government's revenue.",
			"The Treasury barred {small} Iraqi banks from dollar transactions over suspected money laundering.",
			"{usofficial} {said} economic ties would outlast the military mission.",
			"The pipeline to Turkey has been shut since {month}.",
			"Iraq owes Iran {dollars} for gas and electricity.",
			"Investment deals worth {dollars} were signed during the prime minister's visit to Washington.",
		},
	},
	{ // Kurdistan region
		titles: []string{
			"Erbil wants U.S. troops to stay after {deadline}",
			"Kurdistan region braces for coalition exit",
			"Peshmerga reform tied to U.S. support",
			"{kurd} warns of vacuum if coalition leaves {city}",
		},
		lead: []string{
			"{kurdofficial} {said} on {date} that the Kurdistan region wanted U.S. forces to remain after {deadline}.",
			"The coalition's mission in the Kurdistan region will continue until {deadline}, {usofficial} {said}.",
			"{weapon} struck near Erbil airport on {date}, {kurdofficial} {said}.",
		},
		body: []string{
			"The United States funds the salaries of {small} Peshmerga brigades.",
			"Erbil hosts {coalition}.",
			"The Kurdistan Regional Government and Baghdad remain at odds over oil revenue.",
			"Some U.S. forces could stay in Erbil after 2026 because the regional government wants them.",
			"Peshmerga units are being merged under the ministry's command, {kurdofficial} {said}.",
		},
	},
}

// common sentences fit any story.
var common = []string{
	"{usofficial} {said} Washington remained committed to Iraq's security and sovereignty.",
	"{iqofficial} {said} Iraq did not want to be drawn into a regional war.",
	"The talks were first announced in January 2024.",
	"The agreement, reached in September 2024, ends the coalition's mission in federal Iraq by September 2025 and in the Kurdistan region by September 2026.",
	"{iranofficial} {said} the presence of foreign forces was the cause of instability in the region.",
	"{outletref} could not independently verify the claim.",
	"Neither the Pentagon nor the Iraqi government responded to a request for comment.",
	"The statement did not give a date for the next meeting.",
	"{member} {said} it would keep its trainers in Iraq under the NATO mission.",
	"Analysts said the outcome would depend on the U.S. election in November 2024.",
	"The coalition's mission was due to end {condition}, according to {outletref}.",
	"{usofficial} and {iqofficial} spoke by phone on {date}.",
	"Iraq has said it wants to move to bilateral ties with the members of the coalition.",
	"{reason}, the government postponed the announcement, {iqofficial} {said}.",
	"Residents of {village}, a village in {province}, said they heard {small} explosions on {weekday} night.",
	"Security was tightened around {base} and the Green Zone in {city}.",
	"The {adj} process has been complicated by the war in Gaza and attacks on shipping in the Red Sea.",
	"About {pct} of Iraqis say foreign forces should leave, according to a survey published in {month}.",
	"Shops in {city} {reopened|closed early|stayed shut} after the {curfew|blast|protest|funeral}, residents said.",
	"{small} protesters gathered outside the {embassy|parliament|provincial council} in {city}, chanting against {the occupation|corruption|the government|American interference}.",
	"The {ministry of defence|ministry of interior|oil ministry|foreign ministry|electricity ministry} {declined to comment|issued a brief statement|said an inquiry was under way}.",
	"Temperatures above 50 degrees Celsius and power cuts fuelled {anger|protests|frustration} across {province}.",
	"{Farmers|Fishermen|Truck drivers|Teachers|Doctors|Students} in {province} complained of {drought|unpaid salaries|checkpoints|shortages|water scarcity}.",
	"The {convoy|delegation|motorcade|shipment|inspection team} arrived in {city} on {weekday}, {iqofficial} {said}.",
	"An {investigation|inquiry|audit|review} into the {incident|contract|strike|explosion} is expected to finish by {future}.",
	"Diplomats described the mood at the meeting as {tense|cordial|businesslike|frank|constructive|strained}.",
	"The {embassy|consulate} in {Baghdad|Erbil|Basra} {reduced its staff|raised its alert level|suspended visa services|resumed normal operations} on {date}.",
	"Satellite images reviewed by {outletref} showed {new construction|damaged hangars|burned vehicles|fresh trenches} at {base}.",
}
