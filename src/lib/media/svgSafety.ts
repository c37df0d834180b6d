/**
 * The SVG check shared by the admin page, the local backend and the importer. It lives in
 * admin/svgSafety.js (plain JavaScript, loaded by the browser as it is); this is its name for
 * the server side.
 */
export { svgProblem } from '../../../admin/svgSafety.js';
