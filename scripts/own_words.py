"""Hand-written text of the bundled data, in our own words (scripts/build_data.py writes it into data/):
descriptions, outcomes, notes, progress narratives and milestone outcomes."""

SEED_ID = "GE-2018-6.2"  # the Rustavi e-services commitment, whose pages are the seed

# Hand-written text, our own words. description_en for every commitment; Georgian only for the seed, the one
# commitment whose Georgian page text was available.
DESCRIPTIONS_EN = {
    "GE-2018-N1": "First commitment under the plan's challenge on better public services. Beyond the title, its "
                  "content, lead agency and timeline were not found.",
    "GE-2018-N2": "Create an innovative online platform through which citizens can engage with public services, "
                  "to be built into the Public Service Hall website.",
    "GE-2018-N3": "Widen access to public e-services by introducing a Unified Authentication System (UAS) shared "
                  "by the services.",
    "GE-2018-N4": "Use the Ministry of Economy's interactive portal YOU.GOV.GE, set up in 2018, to gather public "
                  "feedback on economic reforms, and improve its content.",
    "GE-2018-N5": "Launch an e-portal for the procedures that the Environmental Assessment Code (passed by "
                  "Parliament in June 2017) requires; a follow-up to commitment 16 of the previous plan.",
    "GE-2018-N6": "Strengthen Georgia's main anti-corruption institutions.",
    "GE-2018-N7": "Make monitoring of the Sustainable Development Goals public through an online SDG tracker.",
    "GE-2018-N8": "Prepare laws on the basis of citizen engagement and data analysis, by introducing Regulatory "
                  "Impact Assessment (RIA).",
    "GE-2018-N9": "Publish court decisions in one unified database with a search (retrieval) system.",
    "GE-2018-N10": "Make the Ministry of Internal Affairs more transparent, including rules on how its statistics "
                   "are produced.",
    "GE-2018-N11": "Let citizens send appeals through a feedback mechanism on the State Audit Office's Budget "
                   "Monitor platform, so they can take part in overseeing public finances.",
    "GE-2018-N12": "Make the state grant funding system more transparent, chiefly by amending the Law on Grants.",
    "GE-2018-N13": "Introduce the Open Contracting Data Standard (OCDS) in public procurement.",
    "GE-2018-N14": "Prepare a housing policy document and action plan for realising the right to housing.",
    "GE-2018-N15": "Make state-owned enterprises more open and accountable.",
    "GE0089": "Open Parliament commitment: the Parliament of Georgia promotes and monitors how the SDGs are "
              "implemented, with UNDP support.",
    "GE-2018-M1-Akhaltsikhe": "Akhaltsikhe prepares a local strategy on transparency and integrity, with an action "
                              "plan and a monitoring framework (municipal commitment 1, GE0081).",
    "GE-2018-M1-Ozurgeti": "Ozurgeti City Hall and Council prepare a local strategy and action plan on "
                           "transparency and good governance (municipal commitment 1, GE0081).",
    "GE-2018-M1-Khoni": "Khoni prepares a local strategy and action plan on transparency and good governance "
                        "(municipal commitment 1, GE0081).",
    "GE-2018-M1-Rustavi": "Rustavi is one of the municipal bodies listed for municipal commitment 1 (GE0081): a "
                          "local strategy on transparency and good governance.",
    "GE-2018-M1-Tskaltubo": "Tskaltubo is one of the municipal bodies listed for municipal commitment 1 (GE0081): "
                            "a local strategy on transparency and good governance.",
    "GE-2018-M1-Dusheti": "Dusheti is one of the municipal bodies listed for municipal commitment 1 (GE0081): a "
                          "local strategy on transparency and good governance.",
    "GE-2018-M1-Bolnisi": "Bolnisi is one of the municipal bodies listed for municipal commitment 1 (GE0081): a "
                          "local strategy on transparency and good governance.",
    "GE-2018-M1-Dedoplistskaro": "Dedoplistskaro is one of the municipal bodies listed for municipal commitment 1 "
                                 "(GE0081): a local strategy on transparency and good governance; GIZ is named as "
                                 "partner.",
    "GE-2018-M2-Kutaisi": "Kutaisi improves how it gathers and publishes open data, through an open data strategy "
                          "and action plan (municipal commitment 2, GE0082).",
    "GE-2018-M2-Akhaltsikhe": "Akhaltsikhe improves how it gathers and publishes open data, through an open data "
                              "action plan (municipal commitment 2, GE0082).",
    "GE-2018-M3": "Adapt municipal administration buildings in Akhaltsikhe and Kutaisi to the needs of persons with "
                  "disabilities, with USAID GGI support (municipal commitment 3).",
    "GE-2018-M5": "An online channel for residents to send their ideas to the Mayor of Zugdidi (municipal "
                  "commitment 5).",
    "GE-2018-M6-Batumi": "Batumi City Hall introduces and develops electronic services, five in all (municipal "
                         "commitment 6, shared with Rustavi).",
    SEED_ID: "Rustavi City Hall undertook to put five e-services into operation, as part of building one "
             "e-government-based system for local self-government (municipal commitment 6, shared with Batumi).",
    "GE-2018-M7": "A multifunctional mobile app of the Zugdidi Assembly with sessions, events, municipal programmes "
                  "and a way to give feedback (municipal commitment 7).",
    "GE0051": "Set common rules for publishing court decisions (2016-2017 plan, commitment 10).",
    "GE0055": "Involve citizens in the public audit of state finances; the State Audit Office launched its Budget "
              "Monitor platform in March 2017 (2016-2017 plan, commitment 14).",
    "GE0056": "Electronic tools to make public procurement more transparent and efficient (2016-2017 plan, "
              "commitment 15).",
    "GE0057": "Adopt the Environmental Assessment Code (2016-2017 plan, commitment 16).",
    "GE0063": "An e-petition portal and a 'Zugdidi-INFO' section on the website of the Zugdidi Assembly.",
    "GE0064": "Stream Ozurgeti Assembly sessions live, keep a video archive and notify stakeholders by SMS or e-mail.",
    "GE0065": "The 'Plan City Budget' electronic tool for local budget planning, with a citizen's budget guide, in "
              "Kutaisi, Ozurgeti, Batumi and Akhaltsikhe; supported by USAID GGI and carried out in 2016-2017.",
    "GE0002": "Bring municipalities into e-governance and set up Village Development Centres.",
    "GE0005": "Launch the ichange.ge and data.gov.ge portals.",
    "GE0022": "The I-Change.ge e-petition platform.",
    "GE0096": "Make the state grant funding system more transparent; follows on from the 2018-2019 grants "
              "commitment.",
    "TBI0001": "'Smart Map': a Tbilisi portal for information and civic activities.",
    "TBI0002": "An electronic petition system for Tbilisi City Hall.",
    "TBI-2017-c3": "A mechanism for residents to take part in planning the Tbilisi budget.",
    "TBI-2017-c4": "Interactive access to data on Tbilisi budget spending, with civic control mechanisms.",
    "TBI-2017-c5": "Mechanisms for civic control of, and access to, Tbilisi municipal services.",
    "TBI0006": "The 'Smart Map' portal, carried over from the 2017 plan, as a multi-profile tool for open government "
               "and civic activity.",
    "KHONI-2021-1": "Have the Municipal Council involve persons with disabilities in urban-development decisions; "
                    "includes terms of reference for rehabilitating Khoni Central Park.",
    "KHONI-2021-2": "Hold a regional (Imereti) open government forum, with a regional open governance hub planned.",
    "GEOGT0004": "Involve residents in Ozurgeti's public finance management: public meetings on 2022-2025 "
                 "priorities, the programme budget, a citizens' budget guide and the 2021 budget execution report; "
                 "supported by USAID GGI.",
    "OZURGETI-2021-b": "Study how COVID-19 affected vulnerable groups in Ozurgeti and turn the findings into "
                       "recommendations and an action plan.",
    "OZURGETI-2021-c": "Improve the way Ozurgeti Municipality manages corruption risks.",
    "GERTV0002": "Develop, together with residents, a shared vision and action plan for a cycling network in Rustavi, "
                 "partly to tackle air pollution.",
}
DESCRIPTIONS_KA = {
    SEED_ID: "რუსთავის მუნიციპალიტეტის მერიამ ხუთი ელექტრონული სერვისის ამოქმედება დაისახა მიზნად. ეს ნაბიჯი "
             "ადგილობრივ თვითმმართველობაში ელექტრონულ მმართველობაზე დაფუძნებული ერთიანი სისტემის შექმნის "
             "ნაწილია.",
}
OUTCOMES = {  # expected result, where the source states one
    SEED_ID: ("Target: five e-services in use.", "მიზნობრივი შედეგი: ხუთი ელექტრონული სერვისი ამოქმედებულია."),
    "GE-2018-M6-Batumi": ("Target: five e-services in use.", ""),
}
NOTES = {
    "GE-2018-N1": "OGP ID not seen (GE0066 by sequence is only a guess, so left empty); no monitoring page found.",
    "GE-2018-N2": "Monitoring page without a rating: at the end of the term design and content were ready, a "
                  "contract signed and procurement under way; integration into the PSH website moved to 2020, after "
                  "the planned end (Aug 2019). OGP lists the lead institution as NA.",
    "GE-2018-N3": "The monitoring page words the title slightly differently ('through introduction of UAS'). No "
                  "rating captured.",
    "GE-2018-N4": "The monitoring page spells the title 'Inovative'. No rating captured.",
    "GE-2018-N5": "Timeline and rating not captured.",
    "GE-2018-N6": "Lead agency conflict: the portal names the Ministry of Justice; OGP (GE0071) names the Chief "
                  "Prosecutor's Office, the State Security Service and the Ministry of Justice.",
    "GE-2018-N8": "No rating captured. The RIA manual, submitted at the end of 2019, was approved only on 17 January "
                  "2020 (Government Decree N35), after the planned end.",
    "GE-2018-N9": "Lead agency conflict: the portal names the High Council of Justice (responsibility moved from the "
                  "Supreme Court during implementation); OGP (GE0074) names the Supreme Court. No rating captured.",
    "GE-2018-N10": "OGP ID not seen. Ministerial Order N1/39 (5 Feb 2019) set procedures for statistical data; a "
                   "revision was being drafted. No rating captured.",
    "GE-2018-N11": "Lead agency taken from the commitment text; OGP (GE0076) lists the Administration of the "
                   "Government, apparently copied from GE0077. No rating captured.",
    "GE-2018-N13": "Agency naming differs: Public Procurement Agency (2018-2019 page) vs State Procurement Agency "
                   "(2016-2018 page). No portal monitoring page found.",
    "GE-2018-N14": "The planned end (2021-09) is later than the end of the 2018-2019 plan.",
    "GE-2018-N15": "The action plan's table of contents calls it 'state-sharing enterprises'.",
    "GE0089": "OGP page shows no attached action plan; grouped under the 2018 cycle.",
    "GE-2018-M1-Ozurgeti": "City Hall and Assembly share one row.",
    "GE-2018-M1-Rustavi": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                          "UNDP (1 Nov 2019) named Rustavi among six municipalities with a prepared strategy. OGP "
                          "says 'Town Hall', the portal 'City Hall'.",
    "GE-2018-M1-Tskaltubo": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                            "UNDP (1 Nov 2019) named Tskaltubo among six municipalities with a prepared strategy.",
    "GE-2018-M1-Dusheti": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                          "UNDP (1 Nov 2019) named Dusheti among six municipalities with a prepared strategy.",
    "GE-2018-M1-Bolnisi": "Only the OGP lead-institution list supports this row; no portal page, dates or rating. "
                          "UNDP (1 Nov 2019) named Bolnisi among six municipalities with a prepared strategy.",
    "GE-2018-M1-Dedoplistskaro": "Only the OGP lead-institution list supports this row; no portal page, dates or "
                                 "rating.",
    "GE-2018-M2-Kutaisi": "Rated fully implemented although the public discussion (13 Sep 2019) and approval "
                          "(3 Jan 2020) came after the planned end (Jun 2019). The portal spells the lead "
                          "'Ciity Hall'.",
    "GE-2018-M2-Akhaltsikhe": "Public hearing (4 Sep 2019) and approval of the open data action plan (24 Sep 2019) "
                              "came after the planned end (Jun 2019). No rating captured.",
    "GE-2018-M3": "Joint commitment of two municipalities. No portal monitoring page found.",
    "GE-2018-M6-Batumi": "Sub-number (probably 6.1) not seen, so left empty.",
    SEED_ID: "Two English title forms on the page: heading '...E-services...' and commitment line '...electronic "
             "services...' (the latter kept). English title of milestone 6.2.1 says Batumi, the Georgian says "
             "Rustavi. Georgian page URL not recorded. OGP (GE0086) says 'Town Hall', the portal 'City Hall'.",
    "GE-2018-M7": "App fully launched in January 2019, then an awareness campaign. No rating captured.",
    "GE0022": "Lead agency conflict: the text says the Administration of the Government coordinates; OGP lists the "
              "Public Service Hall.",
    "GE0065": "Joint commitment of four municipalities.",
    "TBI-2017-c3": "OGP ID not seen; title from an IDFI list of the 2017 plan.",
    "TBI-2017-c4": "OGP ID not seen; title from an IDFI list of the 2017 plan.",
    "TBI-2017-c5": "OGP ID not seen; title from an IDFI list of the 2017 plan.",
    "KHONI-2021-1": "OGP ID not seen; completion level not captured from the End of Commitment Report.",
    "KHONI-2021-2": "OGP ID not seen.",
    "OZURGETI-2021-b": "OGP ID not seen.",
    "OZURGETI-2021-c": "Title only; OGP ID not seen.",
}
# Progress narratives for the 12 published ratings (2019 annual monitoring), our own words.
NARRATIVES = {
    "GE-2018-N6": ("In progress. The Anti-Corruption Council secretariat, together with civil-society members of the "
                   "Forum, drafted a methodology for assessing corruption risks.", ""),
    "GE-2018-N7": ("Completed. The Government Administration and the Data Exchange Agency launched sdg.gov.ge with a "
                   "built-in SDG tracker.", ""),
    "GE-2018-N12": ("In progress. A working group of government bodies and a civil-society partner drafted changes "
                    "to the Law on Grants.", ""),
    "GE-2018-N14": ("In progress. Government Decree N190 (12 April 2019) created a governmental commission; the "
                    "housing document itself was not yet in place.", ""),
    "GE-2018-N15": ("Completed. The National Agency of State Property published a common information template for "
                    "state-owned enterprises and drafted a governance guide for companies with a state share above "
                    "50%.", ""),
    "GE-2018-M1-Akhaltsikhe": ("Completed. The municipality approved a 2019-2022 strategy on transparency and "
                               "building integrity, a 2019-2020 action plan and a monitoring framework, drafted with "
                               "USAID/GGI and IDFI.", ""),
    "GE-2018-M1-Ozurgeti": ("In progress. The strategy and action plan were drawn up with local NGOs, among them the "
                            "Georgian Democratic Development Union.", ""),
    "GE-2018-M1-Khoni": ("Completed, with support from a UNDP project on decentralisation and local good "
                         "governance.", ""),
    "GE-2018-M2-Kutaisi": ("Completed. An open data strategy and action plan were drafted with IDFI, discussed in "
                           "public on 13 September 2019 and approved on 3 January 2020.", ""),
    "GE-2018-M5": ("Suspended. MRDI decided to build 17 modules into the municipal management system mms.gov.ge, "
                   "one of them for sending ideas to the mayor; the commitment was overtaken by that.", ""),
    "GE-2018-M6-Batumi": ("Completed. With USAID/GGI a service delivery strategy describing over 200 municipal "
                          "services was prepared; the idea.batumi.ge participatory budgeting platform went live and "
                          "the e-petition module petition.lsg.ge/Batumi was linked to the City Council website.", ""),
    SEED_ID: (
        "In progress. Several activities were delayed because the central government decided to switch "
        "municipalities over from MMS to MSDA. The analysis of business processes began on 10 September 2019 and was "
        "completed, and the "
        "spatial development/architecture and health care/social security modules now work in MMS, so three "
        "milestones were met. The participatory budgeting, e-petition and property management modules were not "
        "introduced. The Secretariat counted 2 of the 5 e-services in place and rated the commitment mostly "
        "implemented within the plan's deadlines.",
        "მიმდინარეობს. მუნიციპალიტეტების MMS-დან MSDA-ზე გადაყვანის შესახებ ცენტრალური ხელისუფლების "
        "გადაწყვეტილებამ რამდენიმე აქტივობა შეაფერხა. ბიზნეს-პროცესების ანალიზი 2019 წლის 10 სექტემბერს დაიწყო და "
        "დასრულდა; სივრცითი მოწყობისა და არქიტექტურის, ასევე ჯანმრთელობის დაცვისა და სოციალური უზრუნველყოფის "
        "მოდულები MMS-ში მუშაობს, ანუ სამი ეტაპი შესრულდა. მონაწილეობითი ბიუჯეტირების, ელექტრონული პეტიციებისა და "
        "ქონების მართვის მოდულები არ ამოქმედებულა. სამდივნოს შეფასებით, ხუთიდან ორი ელექტრონული სერვისი ამოქმედდა "
        "და ვალდებულება უმეტესწილად შესრულდა.",
    ),
}
MILESTONE_OUTCOMES = {
    "6.2.1": ("The analysis of Rustavi City Hall's business processes for municipal services began on 10 September "
              "2019, initiated by MRDI with support from the Tbilisi Municipal Services Development Agency.",
              "რუსთავის მერიის მუნიციპალური სერვისების ბიზნეს-პროცესების ანალიზი 2019 წლის 10 სექტემბერს დაიწყო, "
              "რეგიონული განვითარებისა და ინფრასტრუქტურის სამინისტროს ინიციატივითა და თბილისის მუნიციპალური "
              "სერვისების განვითარების სააგენტოს დახმარებით."),
    "6.2.2": ("Not introduced; the City Hall plans to add it when the municipal website is updated.",
              "არ ამოქმედებულა; მერია მის დამატებას მუნიციპალიტეტის ვებგვერდის განახლებისას გეგმავს."),
    "6.2.3": ("The e-petition module was not in place by the end of the reporting period.",
              "ელექტრონული პეტიციების მოდული საანგარიშო პერიოდის ბოლომდე არ ამოქმედებულა."),
    "6.2.4": ("The spatial development and architecture module is live and works in MMS.",
              "სივრცითი მოწყობისა და არქიტექტურის მოდული ამოქმედდა და MMS-ში გამართულად მუშაობს."),
    "6.2.5": ("No property management module had been introduced by the end of the period.",
              "ქონების მართვის მოდული პერიოდის ბოლოსთვის არ ამოქმედებულა."),
    "6.2.6": ("The health care and social security module is live and works in MMS.",
              "ჯანმრთელობის დაცვისა და სოციალური უზრუნველყოფის მოდული ამოქმედდა და MMS-ში გამართულად მუშაობს."),
}
