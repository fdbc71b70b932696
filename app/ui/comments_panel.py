"""The Comments dock: the map's threads, one conversation at a time, and writing new ones.

The list shows the open threads (and the resolved ones with "Show resolved"): the
element each is on, its first comment and author, and how many replies it has.
Choosing one shows its whole conversation and tells the window (``thread_chosen``)
so the canvas selects and centres the element. Below: a reply field with Reply and
Resolve/Reopen, and a field for a new comment on the selected element (the map
itself when nothing is selected). Ctrl+Enter sends what is typed. Every change is
one undoable command on the map's stack; every text is plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.model.commands import Command
from app.model.commands.comments import AddThread, Reply, SetResolved
from app.model.comments import Element, element_of, find_element, shown_author
from app.model.document import CommentThread
from app.ui.canvas_tips import plain
from app.ui.document import Document
from app.ui.selection import SelectionModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1
RESOLVED_ROLE = Qt.ItemDataRole.UserRole + 2
#: Characters of the first comment given to the list, and the lines an entry shows.
PREVIEW = 90
LIST_LINES = 3


class CommentEdit(QPlainTextEdit):
    """A plain-text field that sends its text on Ctrl+Enter (``submitted``)."""

    submitted = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    @staticmethod
    def _sends(event: QKeyEvent) -> bool:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        return enter and bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)

    def event(self, event: QEvent) -> bool:
        # Ctrl+Enter is the window's Insert > Card: here, in this field, it sends the text.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._sends(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._sends(event):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class ThreadDelegate(QStyledItemDelegate):
    """Draws a thread's list entry: its element in bold, then up to two lines of its first
    comment; a line between entries. The text is drawn as it is (never as markup)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:
        # As wide as the list shows (the text is elided to fit), never wider: no sideways
        # scrolling.
        height = option.fontMetrics.lineSpacing() * LIST_LINES + 12
        return QSize(1, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        head, _, body = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        painter.save()
        colour = item.palette.highlightedText() if selected else item.palette.text()
        painter.setPen(colour.color() if not index.data(RESOLVED_ROLE) or selected
                       else item.palette.placeholderText().color())
        rect = item.rect.adjusted(6, 5, -6, -5)
        bold = QFont(item.font)
        bold.setBold(True)
        painter.setFont(bold)
        metrics = QFontMetrics(bold)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         metrics.elidedText(head, Qt.TextElideMode.ElideRight, rect.width()))
        regular = QFont(item.font)
        regular.setBold(False)
        painter.setFont(regular)
        below = rect.adjusted(0, metrics.lineSpacing(), 0, 0)
        body_metrics = QFontMetrics(regular)
        lines = _wrapped(body, body_metrics, below.width(), LIST_LINES - 1)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         "\n".join(lines))
        painter.setPen(item.palette.mid().color())
        painter.drawLine(item.rect.bottomLeft(), item.rect.bottomRight())
        painter.restore()


def _wrapped(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` broken at spaces into at most ``most`` lines of ``width``; the last elided."""
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < most:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words and lines:
        lines[-1] = f"{lines[-1]} {' '.join(words)}"
    if lines:
        lines[-1] = metrics.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # element names and comments are user text
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def element_words(element: Element | None) -> str:
    """How the panel names an element: ``Card "Pays at the till"``, ``the map``."""
    if element is None:
        return "A removed element"
    if element.kind == "map":
        return "The map"
    return f'{element.kind.capitalize()} "{" ".join(element.title.split()) or "(untitled)"}"'


def thread_text(element: Element | None, thread: CommentThread) -> str:
    """A thread's two lines in the list."""
    first = thread.comments[0]
    preview = " ".join(first.text.split())
    if len(preview) > PREVIEW:
        preview = preview[:PREVIEW - 1].rstrip() + "…"
    replies = len(thread.comments) - 1
    extra = f" · {replies} repl{'y' if replies == 1 else 'ies'}" if replies else ""
    state = " · resolved" if thread.resolved else ""
    return f"{element_words(element)}{state}\n{shown_author(first)}: {preview}{extra}"


def conversation_text(thread: CommentThread) -> str:
    """The whole conversation of a thread, oldest first, replies marked."""
    parts = []
    for index, comment in enumerate(thread.comments):
        when = comment.written.astimezone().strftime("%Y-%m-%d %H:%M")
        mark = "↳ " if index else ""
        parts.append(f"{mark}{shown_author(comment)} · {when}\n{comment.text}")
    return "\n\n".join(parts)


class CommentsPanel(QWidget):
    """The threads of the shown document; ``author`` gives the name to sign with."""

    #: A thread was chosen: (its element's kind, the element's id).
    thread_chosen = Signal(str, str)

    def __init__(self, selection: SelectionModel, author: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comments")
        self.selection = selection
        self.author = author
        self.document: Document | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.count = _label("", "comments-count")
        self.show_resolved = QCheckBox("Show resolved")
        self.show_resolved.setObjectName("comments-show-resolved")
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.count, 1)
        top.addWidget(self.show_resolved)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Vertical)
        self.list = QListWidget()
        self.list.setObjectName("comment-threads")
        self.list.setItemDelegate(ThreadDelegate(self.list))
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemClicked.connect(lambda _item: self._choose())
        split.addWidget(self.list)
        self.conversation = QPlainTextEdit()
        self.conversation.setObjectName("comment-conversation")
        self.conversation.setReadOnly(True)
        self.conversation.setPlaceholderText("Choose a thread to read it.")
        split.addWidget(self.conversation)
        split.setSizes([300, 140])
        layout.addWidget(split, 1)

        self.reply_edit = CommentEdit("Write a reply… (Ctrl+Enter sends)")
        self.reply_edit.setObjectName("comment-reply")
        self.reply_edit.submitted.connect(self.reply)
        layout.addWidget(self.reply_edit)
        row = QHBoxLayout()
        self.reply_button = QPushButton("Reply")
        self.reply_button.setObjectName("comment-reply-button")
        self.reply_button.clicked.connect(self.reply)
        self.resolve_button = QPushButton("Resolve")
        self.resolve_button.setObjectName("comment-resolve-button")
        self.resolve_button.clicked.connect(self.toggle_resolved)
        row.addWidget(self.reply_button)
        row.addWidget(self.resolve_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.target = _label("", "comment-target")
        layout.addWidget(self.target)
        self.new_edit = CommentEdit("Write a comment… (Ctrl+Enter sends)")
        self.new_edit.setObjectName("comment-new")
        self.new_edit.submitted.connect(self.add_comment)
        layout.addWidget(self.new_edit)
        row = QHBoxLayout()
        self.comment_button = QPushButton("Comment")
        self.comment_button.setObjectName("comment-add-button")
        self.comment_button.clicked.connect(self.add_comment)
        row.addWidget(self.comment_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.problem = _label("", "comment-problem")
        self.problem.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.problem)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        selection.focus_changed.connect(self._show_target)

    # ------------------------------------------------------------------ the document
    def set_document(self, document: Document) -> None:
        if self.document is not None:
            self.document.edited.disconnect(self._timer.start)
        self.document = document
        document.edited.connect(self._timer.start)  # comments and element names alike
        self.problem.clear()
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.reply_edit, self.new_edit, self.comment_button):
            widget.setEnabled(not read_only)
        self._show_buttons()

    def visible_threads(self) -> list[CommentThread]:
        if self.document is None:
            return []
        shown = self.show_resolved.isChecked()
        return [t for t in self.document.map_document.threads if shown or not t.resolved]

    def refresh(self) -> None:
        """List the threads again, keeping the chosen one (if it is still listed)."""
        self._timer.stop()
        if self.document is None:
            return
        chosen = self.selected_thread_id()
        threads = self.visible_threads()
        document = self.document.map_document
        blocked = self.list.blockSignals(True)
        try:
            self.list.clear()
            for thread in threads:
                item = QListWidgetItem(thread_text(element_of(document, thread), thread))
                item.setData(ID_ROLE, thread.id)
                item.setToolTip(plain(conversation_text(thread), bold_first=False))  # escaped
                item.setData(RESOLVED_ROLE, thread.resolved)
                self.list.addItem(item)
                if thread.id == chosen:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(blocked)
        open_count = sum(not t.resolved for t in document.threads)
        self.count.setText(f"{open_count} open thread{'s' if open_count != 1 else ''}")
        self._show_thread()
        self._show_target()

    # ------------------------------------------------------------------ the chosen thread
    def selected_thread_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(ID_ROLE))

    def selected_thread(self) -> CommentThread | None:
        chosen = self.selected_thread_id()
        if self.document is None or chosen is None:
            return None
        return next((t for t in self.document.map_document.threads if t.id == chosen), None)

    def select_thread(self, thread_id: str, reveal: bool = True) -> None:
        """Choose the thread ``thread_id`` in the list; ``reveal``: show resolved threads
        too if it is resolved."""
        if self.document is None:
            return
        thread = next((t for t in self.document.map_document.threads if t.id == thread_id), None)
        if thread is not None and thread.resolved and reveal:
            self.show_resolved.setChecked(True)
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == thread_id:
                self.list.setCurrentRow(row)
                return

    def _on_current_changed(self, *_items: object) -> None:
        self._show_thread()
        if self.list.hasFocus():  # walked to with the arrow keys: show it on the canvas too
            self._choose()

    def _choose(self) -> None:
        """The user chose a thread: show its element on the canvas."""
        thread = self.selected_thread()
        if thread is None or self.document is None:
            return
        element = element_of(self.document.map_document, thread)
        if element is not None:
            self.thread_chosen.emit(element.kind, element.id)

    def _show_thread(self) -> None:
        thread = self.selected_thread()
        self.conversation.setPlainText("" if thread is None else conversation_text(thread))
        self._show_buttons()

    def _show_buttons(self) -> None:
        thread = self.selected_thread()
        writable = self.document is not None and not self.document.read_only
        self.reply_button.setEnabled(writable and thread is not None)
        self.reply_edit.setEnabled(writable and thread is not None)
        self.resolve_button.setEnabled(writable and thread is not None)
        self.resolve_button.setText("Reopen" if thread is not None and thread.resolved
                                    else "Resolve")

    # ------------------------------------------------------------------ a new comment
    def target_element(self) -> Element | None:
        """The element a new comment goes on: the selected one, else the map."""
        if self.document is None:
            return None
        journey = self.document.journey
        kind, element_id = self.selection.focus
        if kind == "map":
            element_id = ""
        return find_element(journey, element_id) or find_element(journey, "")

    def _show_target(self) -> None:
        self.target.setText(f"New comment on: {element_words(self.target_element())}")

    def start_comment(self) -> None:
        """Ready to write a new comment on the selected element (the context menu's entry)."""
        self._show_target()
        self.problem.clear()
        self.new_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ changes
    def _push(self, command: Command) -> bool:
        assert self.document is not None
        refused = self.document.push(command)
        if refused is not None:
            self.problem.setText(refused[:1].upper() + refused[1:] + ".")
            return False
        self.problem.clear()
        self.refresh()
        return True

    def add_comment(self) -> None:
        element = self.target_element()
        if self.document is None or element is None or self.document.read_only:
            return
        command = AddThread(self.document.map_document, element.id, self.author(),
                            self.new_edit.toPlainText())
        if self._push(command):
            self.new_edit.clear()
            self.select_thread(command.thread.id)

    def reply(self) -> None:
        thread = self.selected_thread()
        if self.document is None or thread is None or self.document.read_only:
            return
        command = Reply(self.document.map_document, thread.id, self.author(),
                        self.reply_edit.toPlainText())
        if self._push(command):
            self.reply_edit.clear()
            self.select_thread(thread.id)

    def toggle_resolved(self) -> None:
        thread = self.selected_thread()
        if self.document is None or thread is None or self.document.read_only:
            return
        if self._push(SetResolved(self.document.map_document, thread.id, not thread.resolved)):
            self.select_thread(thread.id, reveal=False)  # resolved: gone unless shown
