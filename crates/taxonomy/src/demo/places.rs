//! Real places for demo data: EU cities with their ISO 3166-2 subdivision, coordinates and
//! main language, and the countries people come from with their languages and names.

/// A city where people live and work.
pub struct City {
    pub name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// ISO 3166-2.
    pub region: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    /// ISO 639-1 code of the language of work.
    pub language: &'static str,
    /// ISO 4217.
    pub currency: &'static str,
}

const fn city(
    name: &'static str,
    country: &'static str,
    region: &'static str,
    latitude: f64,
    longitude: f64,
    language: &'static str,
    currency: &'static str,
) -> City {
    City {
        name,
        country,
        region,
        latitude,
        longitude,
        language,
        currency,
    }
}

pub const CITIES: &[City] = &[
    city("Berlin", "DE", "DE-BE", 52.5200, 13.4050, "de", "EUR"),
    city("Hamburg", "DE", "DE-HH", 53.5511, 9.9937, "de", "EUR"),
    city("München", "DE", "DE-BY", 48.1374, 11.5755, "de", "EUR"),
    city("Nürnberg", "DE", "DE-BY", 49.4521, 11.0767, "de", "EUR"),
    city("Köln", "DE", "DE-NW", 50.9375, 6.9603, "de", "EUR"),
    city("Dortmund", "DE", "DE-NW", 51.5136, 7.4653, "de", "EUR"),
    city(
        "Frankfurt am Main",
        "DE",
        "DE-HE",
        50.1109,
        8.6821,
        "de",
        "EUR",
    ),
    city("Stuttgart", "DE", "DE-BW", 48.7758, 9.1829, "de", "EUR"),
    city("Leipzig", "DE", "DE-SN", 51.3397, 12.3731, "de", "EUR"),
    city("Wien", "AT", "AT-9", 48.2082, 16.3738, "de", "EUR"),
    city("Graz", "AT", "AT-6", 47.0707, 15.4395, "de", "EUR"),
    city("Paris", "FR", "FR-IDF", 48.8566, 2.3522, "fr", "EUR"),
    city("Lyon", "FR", "FR-ARA", 45.7640, 4.8357, "fr", "EUR"),
    city("Marseille", "FR", "FR-PAC", 43.2965, 5.3698, "fr", "EUR"),
    city("Madrid", "ES", "ES-MD", 40.4168, -3.7038, "es", "EUR"),
    city("Barcelona", "ES", "ES-CT", 41.3874, 2.1686, "es", "EUR"),
    city("Valencia", "ES", "ES-VC", 39.4699, -0.3763, "es", "EUR"),
    city("Milano", "IT", "IT-25", 45.4642, 9.1900, "it", "EUR"),
    city("Roma", "IT", "IT-62", 41.9028, 12.4964, "it", "EUR"),
    city("Torino", "IT", "IT-21", 45.0703, 7.6869, "it", "EUR"),
    city("Amsterdam", "NL", "NL-NH", 52.3676, 4.9041, "nl", "EUR"),
    city("Rotterdam", "NL", "NL-ZH", 51.9244, 4.4777, "nl", "EUR"),
    city("Bruxelles", "BE", "BE-BRU", 50.8503, 4.3517, "fr", "EUR"),
    city("Antwerpen", "BE", "BE-VAN", 51.2194, 4.4025, "nl", "EUR"),
    city("Stockholm", "SE", "SE-AB", 59.3293, 18.0686, "sv", "SEK"),
    city("Göteborg", "SE", "SE-O", 57.7089, 11.9746, "sv", "SEK"),
    city("København", "DK", "DK-84", 55.6761, 12.5683, "da", "DKK"),
    city("Warszawa", "PL", "PL-14", 52.2297, 21.0122, "pl", "PLN"),
    city("Kraków", "PL", "PL-12", 50.0647, 19.9450, "pl", "PLN"),
    city("Praha", "CZ", "CZ-10", 50.0755, 14.4378, "cs", "CZK"),
    city("Lisboa", "PT", "PT-11", 38.7223, -9.1393, "pt", "EUR"),
    city("Porto", "PT", "PT-13", 41.1579, -8.6291, "pt", "EUR"),
    city("Dublin", "IE", "IE-D", 53.3498, -6.2603, "en", "EUR"),
    city("Athina", "GR", "GR-I", 37.9838, 23.7275, "el", "EUR"),
    city("Helsinki", "FI", "FI-18", 60.1699, 24.9384, "fi", "EUR"),
];

/// A country people come from.
pub struct Origin {
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// ISO 639-1 mother tongue.
    pub language: &'static str,
    /// Relative share of people.
    pub weight: u32,
    pub given_names: &'static [&'static str],
    pub family_names: &'static [&'static str],
}

const ARABIC_GIVEN: &[&str] = &[
    "Ahmad", "Fatima", "Omar", "Layla", "Yusuf", "Mariam", "Khaled", "Rania", "Hassan", "Nour",
];
const ARABIC_FAMILY: &[&str] = &[
    "Al-Hassan",
    "Haddad",
    "Khalil",
    "Mansour",
    "Nasser",
    "Saleh",
    "Darwish",
    "Qasim",
];

pub const ORIGINS: &[Origin] = &[
    Origin {
        country: "UA",
        language: "uk",
        weight: 20,
        given_names: &[
            "Oksana", "Andrii", "Olena", "Dmytro", "Iryna", "Serhii", "Kateryna", "Taras",
        ],
        family_names: &[
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
        ],
    },
    Origin {
        country: "SY",
        language: "ar",
        weight: 14,
        given_names: ARABIC_GIVEN,
        family_names: ARABIC_FAMILY,
    },
    Origin {
        country: "AF",
        language: "fa",
        weight: 10,
        given_names: &[
            "Ahmad", "Zahra", "Mohammad", "Fereshta", "Ali", "Maryam", "Hamid", "Parwana",
        ],
        family_names: &["Rahimi", "Ahmadi", "Karimi", "Hosseini", "Noori", "Sultani"],
    },
    Origin {
        country: "TR",
        language: "tr",
        weight: 6,
        given_names: &[
            "Mehmet", "Ayşe", "Mustafa", "Elif", "Emre", "Zeynep", "Can", "Fatma",
        ],
        family_names: &["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın"],
    },
    Origin {
        country: "VE",
        language: "es",
        weight: 6,
        given_names: &[
            "José", "María", "Luis", "Carolina", "Jesús", "Daniela", "Andrés", "Gabriela",
        ],
        family_names: &[
            "González",
            "Rodríguez",
            "Pérez",
            "Hernández",
            "Martínez",
            "Rojas",
        ],
    },
    Origin {
        country: "MA",
        language: "ar",
        weight: 6,
        given_names: &[
            "Youssef", "Khadija", "Mohamed", "Salma", "Hamza", "Imane", "Karim", "Sanaa",
        ],
        family_names: &[
            "El Amrani",
            "Benali",
            "Bouzid",
            "El Idrissi",
            "Alaoui",
            "Tazi",
        ],
    },
    Origin {
        country: "CO",
        language: "es",
        weight: 5,
        given_names: &[
            "Juan",
            "Valentina",
            "Camilo",
            "Laura",
            "Santiago",
            "Paula",
            "Felipe",
            "Natalia",
        ],
        family_names: &["García", "López", "Ramírez", "Torres", "Gómez", "Castro"],
    },
    Origin {
        country: "NG",
        language: "en",
        weight: 5,
        given_names: &[
            "Chinedu",
            "Ngozi",
            "Emeka",
            "Funmilayo",
            "Tunde",
            "Amaka",
            "Ibrahim",
            "Aisha",
        ],
        family_names: &["Okafor", "Adeyemi", "Eze", "Balogun", "Okonkwo", "Abubakar"],
    },
    Origin {
        country: "IQ",
        language: "ar",
        weight: 5,
        given_names: ARABIC_GIVEN,
        family_names: &[
            "Al-Jabouri",
            "Al-Tamimi",
            "Kareem",
            "Jassim",
            "Abbas",
            "Hamdan",
        ],
    },
    Origin {
        country: "ER",
        language: "ti",
        weight: 4,
        given_names: &[
            "Yonas", "Selam", "Tesfay", "Helen", "Dawit", "Saba", "Filmon", "Ruta",
        ],
        family_names: &[
            "Tesfamariam",
            "Ghebremedhin",
            "Haile",
            "Kidane",
            "Berhane",
            "Woldu",
        ],
    },
    Origin {
        country: "PK",
        language: "ur",
        weight: 4,
        given_names: &[
            "Ali", "Ayesha", "Bilal", "Sana", "Usman", "Hira", "Imran", "Fatima",
        ],
        family_names: &["Khan", "Malik", "Qureshi", "Butt", "Chaudhry", "Raza"],
    },
    Origin {
        country: "BD",
        language: "bn",
        weight: 4,
        given_names: &[
            "Rahim", "Nusrat", "Karim", "Farzana", "Arif", "Sultana", "Tanvir", "Shirin",
        ],
        family_names: &["Hossain", "Rahman", "Islam", "Akter", "Uddin", "Chowdhury"],
    },
    Origin {
        country: "IN",
        language: "hi",
        weight: 4,
        given_names: &[
            "Rahul", "Priya", "Amit", "Neha", "Vikram", "Anjali", "Suresh", "Pooja",
        ],
        family_names: &["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy"],
    },
    Origin {
        country: "SO",
        language: "so",
        weight: 3,
        given_names: &[
            "Abdi", "Hodan", "Mahad", "Fadumo", "Liban", "Asha", "Farah", "Sahra",
        ],
        family_names: &["Mohamed", "Abdullahi", "Hassan", "Warsame", "Farah", "Ali"],
    },
    Origin {
        country: "PH",
        language: "tl",
        weight: 3,
        given_names: &[
            "Maria", "Jose", "Angelica", "Mark", "Kristine", "John", "Rowena", "Paolo",
        ],
        family_names: &["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza"],
    },
    Origin {
        country: "GE",
        language: "ka",
        weight: 3,
        given_names: &[
            "Giorgi", "Nino", "Davit", "Mariam", "Levan", "Tamar", "Irakli", "Ana",
        ],
        family_names: &[
            "Beridze",
            "Kapanadze",
            "Gelashvili",
            "Maisuradze",
            "Lomidze",
            "Tsiklauri",
        ],
    },
    Origin {
        country: "BR",
        language: "pt",
        weight: 3,
        given_names: &[
            "Lucas", "Ana", "Gabriel", "Juliana", "Rafael", "Camila", "Pedro", "Larissa",
        ],
        family_names: &["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira"],
    },
    Origin {
        country: "SN",
        language: "fr",
        weight: 2,
        given_names: &[
            "Moussa", "Awa", "Cheikh", "Fatou", "Ousmane", "Aminata", "Ibrahima", "Mariama",
        ],
        family_names: &["Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Ba"],
    },
];
