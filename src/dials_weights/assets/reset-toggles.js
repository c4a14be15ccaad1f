/* Material marks its two state checkboxes (#__drawer, #__search) autocomplete="off" so that a browser
   does not restore an open drawer or search on reload or back. That attribute is invalid on checkboxes
   (W3C Nu HTML checker), so the build removes it; this keeps the behaviour: both start closed. It runs
   after the browser restored form state and before Material's bundle reads the checkboxes. */
for (const toggle of document.querySelectorAll("#__drawer,#__search")) toggle.checked = false;
