"""The password policy: at least 12 characters, not a common password, not the username.

Checked on every path that sets a password (creating a user, changing a password, the
bootstrap admin in production). No network call: the common passwords are bundled here —
the most frequent ones of the public breach corpora, of any length (a short one is refused
for its length anyway; the list matters for the long ones and for their stems: a common word
with digits or symbols around it, `Password1234!`, is as weak as the word).
"""

from __future__ import annotations

import string

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_DISTINCT = 5  # "aaaaaaaaaaaa", "abababababab", "121212121212"

_WORDS = """
123456 123456789 12345678 1234567890 12345 1234567 123123 111111 000000 654321 666666 123321
112233 121212 123qwe 1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qaz2wsx3edc zaq12wsx qwerty
qwerty123 qwertyuiop qwertyuiop123 asdfgh asdfghjkl zxcvbnm zxcvbnm123 qazwsx qwe123 qweasd
qweasdzxc asdasd asd123 aa123456 abc123 abcd1234 abcdef abcdefg abcdefgh a123456 a12345678
qwerty1 q1w2e3r4 password password1 password12 password123 password1234 passw0rd p@ssw0rd
p@ssword pa55word pass pass123 pass1234 passpass passwordpassword mypassword newpassword
changeme changeit default secret secret123 letmein letmein123 welcome welcome1 welcome123
hello hello123 helloworld iloveyou iloveyou1 trustno1 admin admin123 admin1234 admin12345
administrator administrator1 root toor root123 test test123 test1234 testtest tester guest
guest123 user user123 login master master123 superuser supervisor operator manager system
sysadmin service support temp temp123 temporary monkey dragon football baseball basketball
soccer hockey princess sunshine shadow superman batman spiderman michael jennifer jordan
jordan23 harley hunter hunter2 ranger buster thomas robert daniel george charlie andrew
joshua matthew jessica ashley amanda nicole michelle maggie pepper ginger cookie chocolate
banana orange purple yellow freedom whatever starwars pokemon computer internet samsung
google apple microsoft qwerty12345 1234qwer 123abc 123456a 123456789a 1234567890a 987654321
9876543210 0987654321 11111111 111111111111 00000000 88888888 99999999 12341234 123454321
147258369 159753 159357 741852963 789456123 456789 987654 135790 246810 13579 mustang
corvette ferrari porsche mercedes killer blink182 metallica slipknot nirvana liverpool
chelsea arsenal barcelona realmadrid juventus manchester unicorn rainbow butterfly flower
summer winter autumn spring december november october september january february august
monday friday sunday loveyou lovely love123 baby123 angel angel123 babygirl princess1
sweetheart iloveu forever friends family blessed jesus christ faith heaven lucky lucky7
money money123 cheese pizza coffee cocacola pepsi letmein1 access access123 security secure
secured private public production factory takt takt123 mes shopfloor workstation terminal
station line1 plant plant1 company qwerty1234 qwertyui asdf1234 zxcv1234 1qazxsw2 !qaz2wsx
qazwsxedc qazxswedc correcthorsebatterystaple correct-horse-battery-staple trustnoone
nopassword passwort passwort123 hallo123 motdepasse contrasena contrasenha senha123 parola
"""

COMMON_PASSWORDS = frozenset(_WORDS.split())
_SEQUENCES = (
    "0123456789012345678901234567890",
    "9876543210987654321098765432109",
    string.ascii_lowercase,
    string.ascii_lowercase[::-1],
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
_AROUND = string.digits + string.punctuation + string.whitespace


def weakness(password: str, username: str | None = None) -> str | None:
    """Why `password` is refused, or None when it meets the policy."""
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password has at most {MAX_LENGTH} characters"
    lowered = password.lower()
    if username and lowered == username.lower():
        return "a password must not be the username"
    stems = {lowered, lowered.strip(_AROUND), lowered.rstrip(_AROUND), lowered.lstrip(_AROUND)}
    if stems & COMMON_PASSWORDS:
        return "this password is too common (a common one with digits or symbols around)"
    if username and {username.lower(), username.lower().strip(_AROUND)} & stems:
        return "a password must not be the username (with digits or symbols around)"
    if len(set(lowered)) < MIN_DISTINCT:
        return f"a password needs at least {MIN_DISTINCT} different characters"
    if any(lowered in sequence for sequence in _SEQUENCES):
        return "a password must not be a run of keys, letters or digits"
    return None
