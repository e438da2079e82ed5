//! Made-up names and places. Street, block, estate and town names are invented; postcode areas
//! (EM, KH, MH, TB, HW, AV) are not used by Royal Mail, so no address here is anyone's real one.
//! Phone numbers are in Ofcom's drama range (07700 900000–900999) and e-mail addresses use
//! `example.com`.

use std::collections::HashSet;

use super::rng::Rng;

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Aisha",
    "Alan",
    "Amelia",
    "Amir",
    "Andrew",
    "Angela",
    "Anna",
    "Barbara",
    "Ben",
    "Beverley",
    "Bilal",
    "Brian",
    "Carol",
    "Catherine",
    "Chantelle",
    "Charlotte",
    "Chloe",
    "Chukwuemeka",
    "Claire",
    "Craig",
    "Daniel",
    "Danielle",
    "Darren",
    "David",
    "Dean",
    "Deborah",
    "Denise",
    "Dorothy",
    "Ebony",
    "Elena",
    "Emma",
    "Fatima",
    "Gary",
    "Grace",
    "Hannah",
    "Hassan",
    "Helen",
    "Ian",
    "Imran",
    "Jack",
    "Jacqueline",
    "James",
    "Jamal",
    "Janet",
    "Jason",
    "Jayden",
    "Jennifer",
    "Joan",
    "John",
    "Josephine",
    "Julie",
    "Karen",
    "Kayleigh",
    "Keith",
    "Kelly",
    "Kevin",
    "Kwame",
    "Leanne",
    "Lee",
    "Lisa",
    "Liam",
    "Lorraine",
    "Marek",
    "Margaret",
    "Maria",
    "Mark",
    "Mary",
    "Michael",
    "Mohammed",
    "Nadia",
    "Natalie",
    "Nicola",
    "Oliver",
    "Olivia",
    "Pamela",
    "Patricia",
    "Paul",
    "Priya",
    "Rachel",
    "Rebecca",
    "Richard",
    "Robert",
    "Ruth",
    "Ryan",
    "Samantha",
    "Sandra",
    "Sarah",
    "Shabana",
    "Sharon",
    "Sophie",
    "Stephen",
    "Stuart",
    "Susan",
    "Tariq",
    "Terence",
    "Tracey",
    "Wayne",
    "Yusuf",
    "Zainab",
    "Zofia",
];

pub(crate) const CHILD_NAMES: &[&str] = &[
    "Alfie", "Amara", "Archie", "Ava", "Ayaan", "Bella", "Charlie", "Ellie", "Evie", "Freddie",
    "George", "Harper", "Harry", "Isla", "Ivy", "Jacob", "Leo", "Lily", "Maryam", "Mia",
    "Muhammad", "Noah", "Oscar", "Poppy", "Riley", "Rosie", "Theo", "Tommy", "Willow", "Zara",
];

pub(crate) const SURNAMES: &[&str] = &[
    "Adams",
    "Ahmed",
    "Akhtar",
    "Ali",
    "Allen",
    "Anderson",
    "Appiah",
    "Bailey",
    "Baker",
    "Begum",
    "Bell",
    "Bennett",
    "Brown",
    "Butler",
    "Campbell",
    "Carter",
    "Chapman",
    "Clarke",
    "Collins",
    "Cook",
    "Cooper",
    "Cox",
    "Davies",
    "Davis",
    "Dixon",
    "Edwards",
    "Ellis",
    "Evans",
    "Fisher",
    "Fletcher",
    "Foster",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Harrison",
    "Hill",
    "Holmes",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "King",
    "Kowalski",
    "Lee",
    "Lewis",
    "Marshall",
    "Martin",
    "Mason",
    "Mensah",
    "Miah",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Nowak",
    "Okafor",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Phillips",
    "Powell",
    "Price",
    "Rahman",
    "Reid",
    "Richards",
    "Roberts",
    "Robinson",
    "Rogers",
    "Russell",
    "Scott",
    "Shah",
    "Shaw",
    "Simpson",
    "Singh",
    "Smith",
    "Stevens",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Walsh",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
];

pub(crate) const STREET_WORDS: &[&str] = &[
    "Alder",
    "Ashgrove",
    "Aspen",
    "Barley",
    "Beacon",
    "Beech",
    "Birchfield",
    "Blackthorn",
    "Bramble",
    "Brook",
    "Buttercup",
    "Canal",
    "Cedar",
    "Chapel",
    "Cherry",
    "Chestnut",
    "Clover",
    "Coppice",
    "Cornfield",
    "Cowslip",
    "Dale",
    "Elm",
    "Fairfield",
    "Falcon",
    "Fernhill",
    "Field",
    "Forge",
    "Foxglove",
    "Glebe",
    "Hawthorn",
    "Hazel",
    "Heather",
    "Holly",
    "Juniper",
    "Kestrel",
    "Lark",
    "Larch",
    "Laurel",
    "Lime",
    "Linden",
    "Maple",
    "Meadow",
    "Mill",
    "Moorland",
    "Oak",
    "Orchard",
    "Osprey",
    "Primrose",
    "Quarry",
    "Rowan",
    "Rush",
    "Sandpiper",
    "Sorrel",
    "Spinney",
    "Station",
    "Swallow",
    "Sycamore",
    "Tannery",
    "Teasel",
    "Thistle",
    "Vicarage",
    "Walnut",
    "Weaver",
    "Willow",
    "Wren",
    "Yew",
];

pub(crate) const STREET_KINDS: &[&str] = &[
    "Road", "Close", "Avenue", "Gardens", "Way", "Crescent", "Drive", "Lane", "Grove", "Walk",
    "Street", "Rise",
];

pub(crate) const BLOCK_WORDS: &[&str] = &[
    "Alderman",
    "Attlee",
    "Bevan",
    "Blenheim",
    "Brunel",
    "Carrington",
    "Cavendish",
    "Churchill",
    "Clement",
    "Cranmer",
    "Darwin",
    "Elgar",
    "Faraday",
    "Fleming",
    "Garrick",
    "Gladstone",
    "Hartley",
    "Howard",
    "Jenner",
    "Keats",
    "Kingsley",
    "Lansbury",
    "Lister",
    "Lovelace",
    "Morrison",
    "Newton",
    "Nightingale",
    "Orwell",
    "Pankhurst",
    "Priestley",
    "Raleigh",
    "Rowntree",
    "Seacole",
    "Shelley",
    "Stephenson",
    "Telford",
    "Trevithick",
    "Turing",
    "Wedgwood",
    "Wilberforce",
];

pub(crate) const BLOCK_KINDS: &[&str] = &["House", "Court", "Lodge", "Point"];

pub(crate) const ESTATE_WORDS: &[&str] = &[
    "Ashfield",
    "Beechwood",
    "Bramley",
    "Brookside",
    "Castle Vale",
    "Coldharbour",
    "Cranbrook",
    "Eastfield",
    "Elmstead",
    "Fernbank",
    "Fox Hill",
    "Greenacres",
    "Hawkswood",
    "Highfields",
    "Holmewood",
    "Kingsmead",
    "Lark Rise",
    "Longbridge",
    "Meadowbank",
    "Millfield",
    "Moorside",
    "Northway",
    "Oakwood",
    "Orchard Park",
    "Parkside",
    "Priory",
    "Queensway",
    "Ravenscroft",
    "Riverside",
    "St Anne's",
    "Southmead",
    "Springfield",
    "Stonebridge",
    "Thornhill",
    "Valley Road",
    "Westbury",
    "Whitegates",
    "Windmill Hill",
    "Woodlands",
    "Wyndham",
];

pub(crate) const ESTATE_KINDS: &[&str] = &["Estate", "Park", "Green", "Fields", "Village"];

/// Invented towns and postcode areas that Royal Mail does not use.
pub(crate) const TOWNS: &[(&str, &str)] = &[
    ("Eastmere", "EM"),
    ("Kingsholt", "KH"),
    ("Marlhurst", "MH"),
    ("Thornbridge", "TB"),
    ("Hollowell", "HW"),
    ("Ashvale", "AV"),
];

/// Letters used in the inward part of a postcode (C, I, K, M, O and V never are).
const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

pub(crate) fn person_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES))
}

/// A person's name not already in `taken` (compared without case), which it is then added to.
/// Redraws a few times; past that (only when most names are taken) adds middle initials, so it
/// always ends.
pub(crate) fn unique_person_name(rng: &mut Rng, taken: &mut HashSet<String>) -> String {
    let mut name = person_name(rng);
    for _ in 0..32 {
        if !taken.contains(&name.to_lowercase()) {
            break;
        }
        name = person_name(rng);
    }
    while taken.contains(&name.to_lowercase()) {
        let initial = (b'A' + rng.below(26) as u8) as char;
        name = match name.split_once(' ') {
            Some((first, rest)) => format!("{first} {initial}. {rest}"),
            None => format!("{name} {initial}."),
        };
    }
    taken.insert(name.to_lowercase());
    name
}

pub(crate) fn child_name(rng: &mut Rng, surname: &str) -> String {
    format!("{} {}", rng.pick(CHILD_NAMES), surname)
}

pub(crate) fn phone(rng: &mut Rng) -> String {
    format!("07700 900{:03}", rng.below(1000))
}

pub(crate) fn email(rng: &mut Rng, name: &str) -> String {
    let mut local = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_alphabetic() {
            local.push(c.to_ascii_lowercase());
        } else if c == ' ' {
            local.push('.');
        }
    }
    format!("{local}{}@example.com", rng.below(100))
}

/// The inward code of a postcode, e.g. `4QT`.
pub(crate) fn inward(rng: &mut Rng) -> String {
    let a = INWARD_LETTERS[rng.below(INWARD_LETTERS.len() as u64) as usize] as char;
    let b = INWARD_LETTERS[rng.below(INWARD_LETTERS.len() as u64) as usize] as char;
    format!("{}{a}{b}", rng.below(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_stay_unique_past_the_first_and_surname_combinations() {
        let combinations = FIRST_NAMES.len() * SURNAMES.len();
        let mut rng = Rng::new(5);
        let mut taken = HashSet::new();
        let names: Vec<String> = (0..combinations + 500)
            .map(|_| unique_person_name(&mut rng, &mut taken))
            .collect();
        let distinct: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(distinct.len(), names.len());
        assert!(
            names.iter().any(|n| n.contains(". ")),
            "past every combination, middle initials tell people apart"
        );
        // Deterministic.
        let mut rng = Rng::new(5);
        let mut taken = HashSet::new();
        let again: Vec<String> = (0..names.len())
            .map(|_| unique_person_name(&mut rng, &mut taken))
            .collect();
        assert_eq!(names, again);
    }
}
