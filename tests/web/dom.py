"""A small HTML reader for page tests: builds a tree from the response so tests can ask
for headings, labels, chart values or a column's text instead of matching raw markup."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
HIDDEN_TEXT = {"script", "style", "title", "head"}


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # Nodes and strings
    parent: "Node | None" = None

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, tag: str | None = None, *, class_: str | None = None, **attrs):
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and (class_ is None or class_ in node.classes)
            and all(node.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, **kwargs) -> "Node":
        found = self.find_all(tag, **kwargs)
        assert found, f"no <{tag or '*'}> with {kwargs}"
        return found[0]

    def text(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in HIDDEN_TEXT:
                parts.append(child.text())
        return " ".join(" ".join(parts).split())

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), parent=self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Node:
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def chart(document: Node, caption: str) -> dict[str, int]:
    """{label: value} of the chart whose caption starts with ``caption``."""
    for figure in document.find_all("figure", class_="chart"):
        if figure.find("figcaption").text().startswith(caption):
            rows = figure.find_all("tr") + figure.find_all("li")
            values = {}
            for row in rows:
                label = row.find_all("th", scope="row") or row.find_all(class_="visually-hidden")
                value = row.find_all(class_="bar-value") or row.find_all(class_="column-value")
                if label and value:
                    values[label[-1].text()] = int(value[0].text().split()[0])
            return values
    raise AssertionError(f"no chart captioned {caption!r}")


def heading_levels(document: Node) -> list[int]:
    return [
        int(node.tag[1])
        for node in document.walk()
        if node.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    ]
