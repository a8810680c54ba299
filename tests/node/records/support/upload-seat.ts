/**
 * A seat process that only uploads: opens the seat database and runs the
 * shipped uploader against URL until killed. For the kill -9 test.
 *
 *   tsx upload-seat.ts DB_FILE URL
 */
import { openDatabase } from '../../../../main/core/db/open-database.js';
import { createUploader } from '../../../../main/core/records/uploader.js';

const [file, url] = process.argv.slice(2) as [string, string];
const db = openDatabase(file);
const uploader = createUploader({ db, url: () => url, token: () => null, batchSize: 50, backoff: { baseMs: 50, capMs: 300 }, timeoutMs: 5_000 });
uploader.kick();
process.stdout.write('uploading\n');
// Keep trying (as the seat's own retries and kicks would) until the test stops this process.
setInterval(() => uploader.kick(), 200);
process.on('SIGTERM', () => {
  void uploader.close().then(() => {
    db.close();
    process.exit(0);
  });
});
