// Starts the Telegram Bot API emulator: `node server.js PORT [HOST]`; prints READY <url> once it listens.
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2] || 9000);
const host = process.argv[3] || '127.0.0.1';
const server = new TelegramServer({ port, host, storeTimeout: 600 });

server.start().then(() => console.log(`READY ${server.config.apiURL}`));
const stop = () => server.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
