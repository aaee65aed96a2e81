"""The window's commands as data, one module per menu (file, edit, view, text = the Type
menu, objects = the Object menu, proof, help), and the registry that makes actions, menus,
toolbars, the shortcut list and the README's key table from them."""

from epaperdesk.ui.actions.registry import (
    ActionSet,
    Command,
    Workspace,
    all_commands,
    key_clashes,
    readme_key_table,
    shortcut_rows,
)

__all__ = [
    "ActionSet",
    "Command",
    "Workspace",
    "all_commands",
    "key_clashes",
    "readme_key_table",
    "shortcut_rows",
]
