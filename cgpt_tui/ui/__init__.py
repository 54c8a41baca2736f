"""The Textual app. `app.CgptApp` starts it; `app_services.AppServices` is what its screens
and widgets use of it (the data service, settings, drafts, the clock, online or offline),
typed through `textual.getters.app`. `screens/` holds the screens and the main screen's
mixins, `widgets/` the panes and their parts, `transcript/` the chat view and its
streaming, `render/` Markdown and styled text as terminal lines. No module here calls the
API client or the history cache: they ask `services/data.py`."""
