// Initialise GOV.UK Frontend.
//
// Loaded as <script type="module" src=".../js/init.js"> at the end of <body>,
// so no inline script is needed (the Content Security Policy blocks them).
// govuk-frontend.min.js (v5+) is an ES module exporting initAll().
import { initAll } from './govuk-frontend.min.js'

// GOV.UK Frontend's CSS and components check for these classes on <body>.
// Browsers that do not support ES modules never run this file, so they get
// the no-JavaScript experience, exactly as with GOV.UK's own inline snippet.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
