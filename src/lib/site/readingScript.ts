/**
 * The one script of the reading pages, inline in <head> so the reader's 字号 and 关怀模式 apply
 * before the first paint (no flash of small text). It remembers the choice in localStorage,
 * marks the page `.js` (the controls show only then: without JavaScript the page is complete,
 * with the browser's own zoom), keeps the buttons' aria-pressed in step, and prints on 打印本页.
 *
 * The site's Content-Security-Policy allows inline scripts by hash only: READING_SCRIPT_HASH is
 * listed in public/_headers and docs/deploy.md (a test checks both), and the deploy's inline-
 * script warning knows it. Changing a character here changes the hash.
 */
import { createHash } from 'node:crypto';

/** localStorage key: {"size":"s"|"m"|"l","care":true} */
export const READING_STORAGE_KEY = 'huibao-reading';

export const READING_SCRIPT =
	'(function(d,h,k){var v={};try{v=JSON.parse(localStorage.getItem(k))||{}}catch(e){}' +
	'function a(){h.setAttribute("data-size",v.size||"m");h.toggleAttribute("data-care",!!v.care);' +
	'd.querySelectorAll("[data-reading]").forEach(function(b){var c=b.getAttribute("data-reading");' +
	'if(c!="print")b.setAttribute("aria-pressed",c=="care"?!!v.care:c==(v.size||"m"))})}' +
	'h.classList.add("js");a();d.addEventListener("DOMContentLoaded",a);' +
	'd.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest("[data-reading]");' +
	'if(!b)return;var c=b.getAttribute("data-reading");if(c=="print")return print();' +
	'if(c=="care")v.care=!v.care;else v.size=c;' +
	'try{localStorage.setItem(k,JSON.stringify(v))}catch(e){}a()})})' +
	`(document,document.documentElement,"${READING_STORAGE_KEY}")`;

/** The CSP source that allows exactly this script: `'sha256-…'`. */
export const READING_SCRIPT_HASH = `'sha256-${createHash('sha256').update(READING_SCRIPT).digest('base64')}'`;
