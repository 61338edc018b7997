#!/usr/bin/env python3
"""Makes GanLab's shipped text corpora from two Debian packages (run on Debian/Ubuntu):

  sudo apt-get install fortunes-zh wamerican
  python3 data/make-text-extracts.py

tang-poem-lines.txt: every five-character quatrain line ("兰叶春葳蕤，桂华秋皎洁。": five characters, a full-width
comma, five characters, a full stop) of the poems in fortunes-zh's tang300 (the Three Hundred Tang Poems), in file
order, without colour codes, titles or author lines.
english-words.txt: the lower-case words of 3 to 10 letters a-z from wamerican's /usr/share/dict/american-english,
every 5th one in file order (about 10,000), one per line.
"""
import re
from pathlib import Path

here = Path(__file__).resolve().parent / "text"
here.mkdir(exist_ok=True)

poems = Path("/usr/share/games/fortunes/tang300").read_text(encoding="utf-8")
poems = re.sub(r"\x1b\[[0-9;]*m", "", poems)
line = re.compile(r"^[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}。$")
lines = []
for entry in poems.split("\n%\n"):
    for text in entry.strip("\n").split("\n")[2:]:  # first two lines: title, author
        text = text.strip()
        if line.match(text) and text not in lines:
            lines.append(text)
(here / "tang-poem-lines.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

words = [word.strip() for word in Path("/usr/share/dict/american-english").read_text(encoding="utf-8").splitlines()]
words = [word for word in words if re.fullmatch(r"[a-z]{3,10}", word)][::5]
(here / "english-words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
print(f"{len(lines)} poem lines, {len(words)} words")
