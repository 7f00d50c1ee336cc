"""Alternative spellings of Bangladesh place names.

Field forms, older reports and the Bangla-name source use spellings that differ
from the COD-AB names we ship (the 2018 official respellings, transliteration
variants). Each entry maps a COD-AB English name to spellings that mean the same
place. Only spellings checked against the source files belong here: an entry is
a claim that two names are one place, so nothing is added by guesswork.
"""

from __future__ import annotations

import re
import unicodedata

DIVISION_ALIASES: dict[str, list[str]] = {
    "Barishal": ["Barisal"],
    "Chattogram": ["Chittagong", "Chattagram"],
}

DISTRICT_ALIASES: dict[str, list[str]] = {
    "Barishal": ["Barisal"],
    "Bogura": ["Bogra"],
    "Chapainababganj": ["Chapai Nawabganj", "Chapainawabganj", "Nawabganj", "Chapai Nababganj"],
    "Chattogram": ["Chittagong", "Chattagram"],
    "Cox's Bazar": ["Coxs Bazar", "Coxsbazar", "Cox Bazar"],
    "Cumilla": ["Comilla"],
    "Jashore": ["Jessore"],
    "Jhalokati": ["Jhalakati", "Jhalakathi", "Jhalokathi"],
    "Moulvibazar": ["Maulvibazar", "Moulavibazar"],
    "Netrakona": ["Netrokona"],
}

# Upazila spellings, keyed by (district, COD-AB upazila name). Each pair was
# checked by eye against the unmatched lists of the Bangla-name source: same
# district, same place, different transliteration or a recorded renaming
# (Zianagar -> Indurkani 2019, Dakshin Sunamganj -> Shantiganj 2022).
UPAZILA_ALIASES: dict[tuple[str, str], list[str]] = {
    ('Barguna', 'Patharghata'): ['Pathorghata'],
    ('Barishal', 'Gaurnadi'): ['Gournadi'],
    ('Barishal', 'Hijla'): ['Hizla'],
    ('Barishal', 'Barishal Sadar (Kotwali)'): ['Barisal Sadar'],
    ('Barishal', 'Ujirpur'): ['Wazirpur'],
    ('Bhola', 'Borhanuddin'): ['Borhan Sddin', 'Burhanuddin'],
    ('Bhola', 'Charfasson'): ['Charfesson'],
    ('Bhola', 'Daulatkhan'): ['Doulatkhan'],
    ('Jhalokati', 'Jhalokathi Sadar'): ['Jhalakathi Sadar', 'Jhalakati Sadar'],
    ('Jhalokati', 'Kanthalia'): ['Kathalia'],
    ('Jhalokati', 'Nalchhity'): ['Nalchity'],
    ('Pirojpur', 'Nesarabad (Swarupkathi)'): ['Nesarabad', 'Swarupkathi'],
    ('Pirojpur', 'Indurkani'): ['Zianagar'],
    ('Bandarban', 'Naikkhongchhari'): ['Naikhongchhari'],
    ('Brahmanbaria', 'Banchharampur'): ['Bancharampur'],
    ('Chandpur', 'Faridganj'): ['Faridgonj'],
    ('Chandpur', 'Matlab Dakkhin'): ['Matlab South'],
    ('Chandpur', 'Matlab Uttar'): ['Matlab North'],
    ('Chattogram', 'Karnaphuli'): ['Karnafuli'],
    ('Chattogram', 'Mirsarai'): ['Mirsharai'],
    ('Cumilla', 'Sadar Dakkhin'): ['Sadarsouth', 'Comilla Sadar Dakshin'],
    ('Cumilla', 'Adarsha Sadar'): ['Comilla Sadar', 'Comilla Adarsha Sadar'],
    ('Cumilla', 'Manoharganj'): ['Monohargonj'],
    ("Cox's Bazar", 'Maheshkhali'): ['Moheshkhali'],
    ("Cox's Bazar", 'Ukhia'): ['Ukhiya'],
    ('Feni', 'Parashuram'): ['Parshuram'],
    ('Khagrachhari', 'Lakkhichhari'): ['Laxmichhari'],
    ('Khagrachhari', 'Mahalchhari'): ['Mohalchari'],
    ('Khagrachhari', 'Manikchhari'): ['Manikchari'],
    ('Khagrachhari', 'Panchhari'): ['Panchari'],
    ('Noakhali', 'Hatiya'): ['Hatia'],
    ('Noakhali', 'Senbag'): ['Senbug'],
    ('Noakhali', 'Sonaimuri'): ['Sonaimori'],
    ('Rangamati', 'Baghaichhari'): ['Baghaichari'],
    ('Rangamati', 'Belaichhari'): ['Belaichari'],
    ('Rangamati', 'Jurachhari'): ['Juraichari'],
    ('Kishoreganj', 'Karimganj'): ['Karimgonj'],
    ('Kishoreganj', 'Mithamain'): ['Mithamoin'],
    ('Manikganj', 'Ghior'): ['Gior'],
    ('Manikganj', 'Shibalay'): ['Shibaloy'],
    ('Manikganj', 'Singair'): ['Singiar'],
    ('Munshiganj', 'Gazaria'): ['Gajaria'],
    ('Munshiganj', 'Louhajang'): ['Louhajanj'],
    ('Narsingdi', 'Manohardi'): ['Monohardi'],
    ('Rajbari', 'Pangsha'): ['Pangsa'],
    ('Tangail', 'Bhuanpur'): ['Bhuapur'],
    ('Bagerhat', 'Morelganj'): ['Morrelganj'],
    ('Bagerhat', 'Sharankhola'): ['Sarankhola'],
    ('Jashore', 'Bagharpara'): ['Bagherpara'],
    ('Jashore', 'Chaugachha'): ['Chougachha'],
    ('Jashore', 'Jhikargachha'): ['Jhikargacha'],
    ('Jashore', 'Jashore Sadar'): ['Jessore Sadar'],
    ('Jhenaidah', 'Maheshpur'): ['Moheshpur'],
    ('Khulna', 'Batiaghata'): ['Botiaghata'],
    ('Khulna', 'Dacope'): ['Dakop'],
    ('Khulna', 'Dighalia'): ['Digholia'],
    ('Khulna', 'Dumuria'): ['Dumuriya'],
    ('Khulna', 'Paikgachha'): ['Paikgasa', 'Paikgacha'],
    ('Khulna', 'Phultala'): ['Fultola'],
    ('Khulna', 'Rupsa'): ['Rupsha'],
    ('Satkhira', 'Ashashuni'): ['Assasuni'],
    ('Jamalpur', 'Bakshiganj'): ['Bokshiganj'],
    ('Jamalpur', 'Dewanganj'): ['Dewangonj'],
    ('Jamalpur', 'Melandaha'): ['Melandah'],
    ('Mymensingh', 'Ishwarganj'): ['Iswarganj'],
    ('Mymensingh', 'Muktagachha'): ['Muktagacha'],
    ('Mymensingh', 'Fulpur'): ['Phulpur'],
    ('Netrakona', 'Mohanganj'): ['Mohongonj'],
    ('Netrakona', 'Netrakona Sadar'): ['Netrokona Sadar'],
    ('Sherpur', 'Nakla'): ['Nokla'],
    ('Sherpur', 'Sreebardi'): ['Sreebordi'],
    ('Bogura', 'Bogura Sadar'): ['Bogra Sadar'],
    ('Bogura', 'Dhunat'): ['Dhunot'],
    ('Bogura', 'Dupchachia'): ['Dupchanchia'],
    ('Bogura', 'Nandigram'): ['Nondigram'],
    ('Bogura', 'Sariakandi'): ['Shariakandi'],
    ('Naogaon', 'Badalgachhi'): ['Badalgachi'],
    ('Naogaon', 'Mahadebpur'): ['Mohadevpur'],
    ('Chapainababganj', 'Gomastapur'): ['Gomostapur'],
    ('Chapainababganj', 'Nachole'): ['Nachol'],
    ('Pabna', 'Atgharia'): ['Atghoria'],
    ('Pabna', 'Ishwardi'): ['Ishurdi'],
    ('Rajshahi', 'Mohanpur'): ['Mohonpur'],
    ('Sirajganj', 'Chouhali'): ['Chauhali'],
    ('Sirajganj', 'Kamarkhanda'): ['Kamarkhand'],
    ('Sirajganj', 'Rayganj'): ['Raigonj'],
    ('Dinajpur', 'Kaharole'): ['Kaharol'],
    ('Gaibandha', 'Fulchhari'): ['Phulchari'],
    ('Kurigram', 'Rajibpur'): ['Charrajibpur', 'Char Rajibpur'],
    ('Kurigram', 'Roumari'): ['Rowmari'],
    ('Nilphamari', 'Saidpur'): ['Syedpur'],
    ('Panchagarh', 'Atowari'): ['Atwari'],
    ('Panchagarh', 'Tentulia'): ['Tetulia'],
    ('Rangpur', 'Badarganj'): ['Badargonj'],
    ('Rangpur', 'Pirgachha'): ['Pirgacha'],
    ('Rangpur', 'Taraganj'): ['Taragonj'],
    ('Thakurgaon', 'Ranishankail'): ['Ranisankail'],
    ('Moulvibazar', 'Baralekha'): ['Barlekha'],
    ('Moulvibazar', 'Kamalganj'): ['Kamolganj'],
    ('Sunamganj', 'Bishwambharpur'): ['Bishwambarpur'],
    ('Sunamganj', 'Shantiganj'): ['South Sunamganj', 'Dakshin Sunamganj'],
    ('Sylhet', 'Jaintapur'): ['Jaintiapur'],
    ('Sylhet', 'Osmaninagar'): ['Osmani Nagar'],
    ('Sylhet', 'Dakkhin Surma'): ['South Surma', 'Dakshin Surma'],
    ('Sylhet', 'Golapganj'): ['Golapgonj'],
}

# Words that decorate a place name without changing which place it is.
_DECORATIONS = re.compile(
    r"\b(upazila|upazilla|upozila|thana|district|zila|zilla|division|bibhag)\b"
)
# Unicode categories that never distinguish two names: punctuation, spaces,
# symbols, controls. (A regex \W would also strip Bangla vowel signs, which
# are combining marks, and make different names collide.)
_IGNORED_CATEGORIES = ("P", "Z", "S", "C")


def normalise(name: str) -> str:
    """Reduce a place name to a comparison key.

    Case, punctuation, spacing, Latin accents and words such as "Upazila" are
    dropped, so "Cox's Bazar District" and "coxs bazar" compare equal. Bangla
    script keeps its vowel signs (only normalised to NFC) because they carry
    the name.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    if all(ord(ch) < 0x0250 for ch in text):
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _DECORATIONS.sub(" ", text)
    kept = (ch for ch in text if not unicodedata.category(ch).startswith(_IGNORED_CATEGORIES))
    return unicodedata.normalize("NFC", "".join(kept))
