/**
 * whatsapp-web.js drives the system's Chromium (CHROMIUM_PATH, Debian's /usr/bin/chromium): puppeteer must
 * not download a browser of its own at install time (it cannot, offline, and it would fail `npm ci`).
 */
module.exports = { skipDownload: true };
