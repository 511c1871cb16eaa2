// Marks the page as having JavaScript, as NHS.UK frontend expects (its inline snippet, moved to a
// file so that the Content-Security-Policy needs no 'unsafe-inline').
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
