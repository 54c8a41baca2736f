"""The main screen's panes (`agent_list`, `conversation_list`, `chat_pane`) and their parts:
`paged_list` (a list that asks for its next page), `filter_box` (the lists' filter, with its
pause), `status_line`, `composer`, `reconnect` (retrying after a server error)."""
