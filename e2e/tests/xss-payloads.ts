// The stored-XSS set: hostile text that xss.spec.ts types into every field
// (and csp.spec.ts stores with the sanitizer off). Each payload that ran
// would set window.__xss (parent.__xss from a frame) to its own number.
// Not a spec: one spec may not import another.

export const CANARY = 'xsscanary';
export const IMG = `<img src=x onerror="window.__xss=1"> ${CANARY}`;
export const SVG = `<svg onload="window.__xss=2"></svg>${CANARY}`;
export const IFRAME = `<iframe srcdoc="<script>parent.__xss=3</script>"></iframe> ${CANARY}`;
export const JS_URL = 'javascript:window.__xss=4';
export const NOTE = [
  `Note ${CANARY} <img src=x onerror="window.__xss=5">`,
  `<svg onload="window.__xss=6"><circle r="5"/></svg>`,
  `[click me](javascript:window.__xss=7) and <a href="javascript:window.__xss=8">this</a>`,
  `<iframe srcdoc="&lt;script&gt;parent.__xss=9&lt;/script&gt;"></iframe>`,
  `<form action="javascript:window.__xss=10"><button>go</button></form><details open ontoggle="window.__xss=11">x</details>`,
].join('\n\n');
/** An article pasted as HTML. */
export const ARTICLE_HTML = `<p>The minister said unemployment fell to 3.9 percent in March, the lowest since 2019.</p>
     <p onclick="window.__xss=12">Critics <script>window.__xss=13</script>disagree ${CANARY}.</p>
     <p><a href="javascript:window.__xss=14">a link</a> <img src=x onerror="window.__xss=15"> ${IFRAME}</p>`;
export const TAGS = [`<svg onload=window.__xss=16>`, `"><img src=x onerror=window.__xss=17>`];
export const REPLY = `Reply ${CANARY} <img src=x onerror="window.__xss=18"> [x](javascript:window.__xss=19)`;

/** Every payload above, by where xss.spec.ts puts it. */
export const STORED_XSS: ReadonlyArray<{ name: string; text: string }> = [
  { name: 'title, claimant, quoted passage', text: IMG },
  { name: 'claim statement, publisher', text: SVG },
  { name: 'evidence title', text: IFRAME },
  { name: 'evidence URL', text: JS_URL },
  { name: 'note', text: NOTE },
  { name: 'article HTML', text: ARTICLE_HTML },
  ...TAGS.map((tag, i) => ({ name: `tag ${i + 1}`, text: tag })),
  { name: 'reply', text: REPLY },
];
