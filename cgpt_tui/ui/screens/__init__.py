"""The screens: `main_screen` (three panes) with its mixins (`main_connection`: reopening and
going offline; `main_commands`: search, export, the palette's commands; `answer_actions`:
reactions, sources), and the dialogs (sign-in, search, agent details, rename, confirm,
prompt, preview, keys)."""
