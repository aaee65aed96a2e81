"""Comments in, the last step: each comment (with its replies and its group) becomes a typed
correction on the words it marks, or updates the EpaperDesk correction it was exported from
(new replies, a review state set in a viewer). Where the story has changed since the proof,
the words are found again by their neighbourhood (matching.py). Every comment is accounted
for: made, updated, already there, or not placed — with its page, its text and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from epaperdesk.model.corrections import Correction, Reply
from epaperdesk.model.edition import Edition
from epaperdesk.model.edits import AddCorrection, CompositeEdit, Edit, SetCorrection
from epaperdesk.model.story import Story
from epaperdesk.proof import comment_limits as limits
from epaperdesk.proof.comment_format import REVIEW_STATES, STATE_STATUS
from epaperdesk.proof.comment_kinds import Reading, read_kind
from epaperdesk.proof.comment_reading import Comment, Tally, WordMap
from epaperdesk.proof.marking import Marked, find_marked
from epaperdesk.proof.matching import CONTEXT_CHARS, Folded, Placement, find_place, fold, sought_at
from epaperdesk.proof.word_map import PageRuns, PageSource
from epaperdesk.typeset.displaylist import PageDisplayList

LISTED_PROBLEMS = 20  # annotations that cannot be read, listed one by one; the rest are counted


@dataclass(frozen=True)
class Unplaced:
    """A comment that asks for a correction but was not placed: what a "place manually"
    command needs to mark it on the text the user selects."""

    page: int  # 1-based
    line: str  # as in ImportResult.unplaced: page, comment, why
    kind: str
    text: str
    author: str
    time: str
    replies: tuple[Reply, ...]


@dataclass
class ImportResult:
    edit: Edit | None
    corrections: list[Correction]  # made
    unplaced: list[str]  # not placed: page, comment, why
    skipped: list[str]  # already in the edition as they are
    updated: list[str] = field(default_factory=list)  # our own comments given replies or a status
    to_place: list[Unplaced] = field(default_factory=list)  # the unplaced that ask for a correction


def place_comments(
    edition: Edition,
    comments: list[Comment],
    maps: dict[int, WordMap],
    current_pages: list[PageDisplayList | None],
    author_fallback: str = "",
) -> ImportResult:
    """Typed corrections for the comments and updates of the corrections they came from (one
    edit for all), with the lists of what could not be placed and what was there already.
    CommentError when a word map or the work of placing is over a limit."""
    unplaced = _problems_listed([c for c in comments if c.problem])
    roots, group_members, looped = _threads([c for c in comments if not c.problem])
    unplaced += [f"{_label(c)}: its /IRT replies form a loop" for c in looped]
    placer = _Placer(edition, PageSource(edition, maps, current_pages), author_fallback)
    for root in roots:
        placer.place(root, group_members.get(root.key, []))
    edits = placer.edits
    edit = CompositeEdit(tuple(edits), f"Import {len(edits)} PDF comments") if edits else None
    return ImportResult(edit, placer.made, unplaced + placer.unplaced, placer.skipped, placer.updated, placer.to_place)


def _label(comment: Comment) -> str:
    return f"page {comment.page + 1}: {comment.subtype[1:]} “{_norm(comment.contents)[:40]}”"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _problems_listed(broken: list[Comment]) -> list[str]:
    """One line per annotation that cannot be read, the first LISTED_PROBLEMS of them, then
    how many more (a hostile file may hold thousands)."""
    lines = [_broken_label(c) for c in broken[:LISTED_PROBLEMS]]
    if len(broken) > LISTED_PROBLEMS:
        lines.append(f"… and {len(broken) - LISTED_PROBLEMS:,} more annotations that cannot be read")
    return lines


def _broken_label(comment: Comment) -> str:
    if comment.page < 0:  # the file as a whole
        return f"{comment.where}: {comment.problem}"
    return f"page {comment.page + 1}: annotation {comment.number}: {comment.problem}"


def _threads(comments: list[Comment]) -> tuple[list[Comment], dict[tuple, list[Comment]], list[Comment]]:
    """The comments that start a thread, the members of each group, and the comments whose
    chain of /IRT comes back to itself (those are left out)."""
    by_key = {c.key: c for c in comments}
    looped = _in_loops({c.key: c.parent for c in comments if c.parent in by_key})
    roots: list[Comment] = []
    group_members: dict[tuple, list[Comment]] = {}
    for comment in comments:
        if comment.key in looped:
            continue
        parent = by_key.get(comment.parent) if comment.parent is not None else None
        if parent is None:
            roots.append(comment)
        elif comment.relation == "Group":
            group_members.setdefault(parent.key, []).append(comment)
        else:
            parent.replies.append(comment)
    return roots, group_members, [c for c in comments if c.key in looped]


def _in_loops(parents: dict[tuple, tuple | None]) -> set[tuple]:
    """The keys on a cycle of parent links, each link followed once."""
    state: dict[tuple, bool] = {}  # False: on the path being followed; True: done
    looped: set[tuple] = set()
    for start in parents:
        path = []
        key: tuple | None = start
        while key is not None and key not in state:
            state[key] = False
            path.append(key)
            key = parents.get(key)
        if key is not None and state[key] is False:
            looped.update(path[path.index(key) :])
        state.update(dict.fromkeys(path, True))
    return looped


def _thread_replies(root: Comment, members: list[Comment]) -> list[Comment]:
    """The replies to a comment and to the members of its group, in the order of the page
    (a viewer adds new ones last), replies to replies included."""
    found: list[Comment] = []
    waiting = [r for c in [root, *members] for r in c.replies]
    seen: set[tuple] = set()
    while waiting:
        reply = waiting.pop()
        if reply.key not in seen:
            seen.add(reply.key)
            found.append(reply)
            waiting.extend(reply.replies)
    return sorted(found, key=lambda r: (r.page, r.number))


def _status(root: Comment, replies: list[Comment]) -> str:
    """The status the last review state of the thread sets (our own export's when none)."""
    for reply in reversed(replies):
        if reply.state:
            return reply.status or STATE_STATUS.get(reply.state, "open")
    return root.status if root.status in REVIEW_STATES else "open"


def _reviewed(existing: Correction, replies: list[Comment]) -> str:
    """The status a review state set in a viewer gives a correction already in the edition
    (our own export's states carry the status they showed, and are no news); an applied or
    done correction stays so."""
    states = [r for r in replies if r.state and not r.status and r.state in STATE_STATUS]
    if not states or existing.status in ("applied", "done"):
        return existing.status
    return STATE_STATUS[states[-1].state]


class _Placer:
    """Turns thread roots into corrections or updates, one at a time, keeping the lists of
    what was made, updated, already there and not placed."""

    def __init__(self, edition: Edition, pages: PageSource, author_fallback: str) -> None:
        self.edition = edition
        self.pages = pages
        self.author_fallback = author_fallback
        self.budget = Tally(limits.PLACING_STEPS)
        self.edits: list[Edit] = []
        self.made: list[Correction] = []
        self.unplaced: list[str] = []
        self.skipped: list[str] = []
        self.updated: list[str] = []
        self.to_place: list[Unplaced] = []
        self.ids = set(edition.corrections) | {a for s in edition.stories.values() for a in s.anchors}
        self.folded: dict[str, Folded] = {}

    def place(self, root: Comment, members: list[Comment]) -> None:
        reading = read_kind(root, members)
        label = _label(root)
        if reading.kind is None:
            self.unplaced.append(f"{label}: {reading.why}")
            return
        replies = _thread_replies(root, members)
        existing = self._exported(root, reading.kind)
        if existing is not None:
            self._update(existing, root, replies, label)
            return
        found = self._anchor(root, reading)
        if isinstance(found, str):
            self._not_placed(root, reading, replies, f"{label}: {found}")
            return
        story, anchor = found
        self._add(root, reading, replies, story, anchor)

    def _not_placed(self, root: Comment, reading: Reading, replies: list[Comment], line: str) -> None:
        """List the comment as not placed, keeping what it asks for (to be placed by hand)."""
        self.unplaced.append(line)
        author = root.author or self.author_fallback
        kept = tuple(self._replies(replies))
        self.to_place.append(Unplaced(root.page + 1, line, reading.kind or "", reading.text, author, root.time, kept))

    def _exported(self, root: Comment, kind: str) -> Correction | None:
        """The edition's correction this comment was made from (our own proof's) or became
        (an earlier import of the same comment), if any."""
        existing = self.edition.corrections.get(root.name) if root.name else None
        if existing is None or existing.kind != kind or existing.story_id != (root.story or existing.story_id):
            return None
        if not root.kind and existing.author != (root.author or self.author_fallback):
            return None
        story = self.edition.stories.get(existing.story_id)
        return existing if story is not None and existing.id in story.anchors else None

    def _update(self, existing: Correction, root: Comment, replies: list[Comment], label: str) -> None:
        """Replies and a review state added in a viewer to our own comment, as an update."""
        known = {r.text for r in existing.replies}
        added = tuple(self._replies([r for r in replies if r.contents not in known]))
        status = _reviewed(existing, replies)
        if not added and status == existing.status:
            self.skipped.append(f"{label}: already in the edition as {existing.id}")
            return
        changed = replace(existing, status=status, replies=existing.replies + added)
        self.edits.append(SetCorrection(existing, changed))
        what = [f"{len(added)} repl{'y' if len(added) == 1 else 'ies'}"] if added else []
        what += [f"status {existing.status} → {status}"] if status != existing.status else []
        self.updated.append(f"{label}: {existing.id} updated ({', '.join(what)})")

    def _anchor(self, root: Comment, reading: Reading) -> tuple[Story, tuple[int, int]] | str:
        """The story and range the comment marks now, or why there is none."""
        reach = 36.0 if root.subtype in ("/Text", "/FreeText") else 0.0  # a sticky note sits near its words
        page = self.pages.page(root.page)
        where = root.where or _label(root)
        marked = find_marked(page, reading.areas, reading.point, root.story, reach, self.budget, where)
        if marked is None:
            return f"no text under it{page.note}"
        story = self.edition.stories.get(marked.story_id)
        if story is None:
            return "the story it marks is not in the edition"
        placement = self._locate(page, marked, story, where) if page.from_map else _where_it_is(marked, story)
        if placement.span is None:
            return f"{placement.reason}{page.note}"
        return story, placement.span

    def _locate(self, page: PageRuns, marked: Marked, story: Story, where: str) -> Placement:
        """Where the words the comment marked on the proof are in the story now."""
        if marked.end - marked.start > limits.SEARCH_CHARS:
            return _at_old_place(page, marked, story)
        reach = CONTEXT_CHARS + 40
        offset, old = page.story_text(marked.story_id, marked.start, marked.end, reach, self.budget, where)
        self.budget.add(len(old), where)
        sought = sought_at(offset, old, marked.start, marked.end)
        return find_place(sought, self._folded(story, where), self.budget, where)

    def _folded(self, story: Story, where: str) -> Folded:
        if story.id not in self.folded:
            self.budget.add(len(story.text), where)
            self.folded[story.id] = fold(story.text)
        return self.folded[story.id]

    def _add(self, root: Comment, reading: Reading, replies: list[Comment], story: Story, anchor: tuple) -> None:
        name = root.name
        correction_id = (
            name if name and name not in self.ids and re.match(r"^[\w.-]{1,64}$", name) else _new_id(self.ids)
        )
        self.ids.add(correction_id)
        kept = self._replies(replies)
        if reading.remark:
            kept.insert(0, Reply(root.author or self.author_fallback, root.time, reading.remark))
        marked = story.text[anchor[0] : anchor[1]][:200]
        author = root.author or self.author_fallback
        kind, text, status = reading.kind or "", reading.text, _status(root, replies)
        correction = Correction(correction_id, story.id, kind, text, author, root.time, status, tuple(kept), marked)
        self.edits.append(AddCorrection(correction, anchor[0], anchor[1]))
        self.made.append(correction)

    def _replies(self, replies: list[Comment]) -> list[Reply]:
        """The thread's replies with text (review states set a status instead)."""
        return [
            Reply(r.author or self.author_fallback, r.time, r.contents) for r in replies if not r.state and r.contents
        ]


def _where_it_is(marked: Marked, story: Story) -> Placement:
    """A mark read from the current layout: it is where it was read."""
    if marked.end > len(story.text):
        return Placement(None, "the text under it is no longer in the story")
    return Placement((marked.start, marked.end))


def _at_old_place(page: PageRuns, marked: Marked, story: Story) -> Placement:
    """A mark longer than SEARCH_CHARS: placed only where it was, if its text is still there."""
    kept = page.texts.get(marked.story_id)
    if kept is not None and kept[0] <= marked.start and marked.end <= kept[0] + len(kept[1]):
        old = kept[1][marked.start - kept[0] : marked.end - kept[0]]
    else:
        old = marked.text
    if fold(story.text[marked.start : marked.end]).text == fold(old).text:
        return Placement((marked.start, marked.end))
    return Placement(
        None,
        f"the {marked.end - marked.start:,} characters it marks have changed, and text longer than "
        f"{limits.SEARCH_CHARS:,} characters is only looked for where it was",
    )


def _new_id(used: set[str]) -> str:
    n = len(used) + 1
    while f"c{n}" in used:
        n += 1
    return f"c{n}"
