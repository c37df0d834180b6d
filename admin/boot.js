// Loaded before decap-cms.js: the admin page initialises Decap itself (admin/cms.js), after it
// has chosen the language and checked that the local backend answers.
window.CMS_MANUAL_INIT = true;
