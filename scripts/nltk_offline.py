"""Build the offline NLTK data folder that docassemble's pattern library needs at import.

docassemble_pattern downloads WordNet on import, which fails without internet. Debian's
wordnet-base gives the dictionary files; NLTK also wants `lexnames` (the 45 standard
lexicographer files), and pattern opens an information-content file and SentiWordNet,
whose contents docassemble never uses, so small stand-ins suffice.
"""

import sys
import zipfile
from pathlib import Path

LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute
noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location
noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process
noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change
verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation
verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather
adj.ppl""".split()
CATEGORY = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}


def main(target: str) -> None:
    root = Path(target)
    wordnet = root / "corpora" / "wordnet"
    wordnet.mkdir(parents=True, exist_ok=True)
    source = Path("/usr/share/wordnet")
    if not source.is_dir():
        sys.exit("[parcours] error: /usr/share/wordnet missing: apt-get install wordnet-base wordnet-sense-index")
    for f in source.iterdir():
        link = wordnet / f.name
        if not link.exists():
            link.symlink_to(f)
    (wordnet / "lexnames").write_text(
        "".join(f"{i:02d}\t{name}\t{CATEGORY[name.split('.')[0]]}\n" for i, name in enumerate(LEXNAMES))
    )
    ic = root / "corpora" / "wordnet_ic"
    ic.mkdir(parents=True, exist_ok=True)
    (ic / "ic-brown.dat").write_text("wnver::eOS9lXC6GvMWznF1wkZofDdtbBU\n1740n 1 ROOT\n2652v 1 ROOT\n")
    senti = root / "corpora" / "sentiwordnet"
    senti.mkdir(parents=True, exist_ok=True)
    (senti / "SentiWordNet_3.0.0.txt").touch()
    # docassemble.base.pattern calls nltk.download() unless these archives exist; the folders
    # above are what NLTK actually reads, so valid empty archives stop the download attempt.
    for name in ("omw-1.4", "wordnet", "wordnet_ic", "sentiwordnet"):
        archive = root / "corpora" / f"{name}.zip"
        if not archive.exists():
            zipfile.ZipFile(archive, "w").close()


if __name__ == "__main__":
    main(sys.argv[1])
