// Starts the work of a process that runs jobs: `npm start` with SIARAN_JOBS=1 (the default) and
// `npm run worker`. Recovery after a kill, the interrupted runs taken up again, the schedule
// (its ticks shared with the other instances), the claiming of queued runs and the
// transcriptions due again.
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Jobs } from './jobs.ts';
import { Outbox, digestJob } from './outbox.job.ts';
import { recoverAfterCrash } from './recovery.ts';
import { startScheduler } from './scheduler.ts';

/** Said by a process that waits while another one on the database starts. */
export const waitingForStartUp = () => console.log('Menunggu proses Siaran lain pada basis data ini selesai memulai (migrasi, pemulihan, akun pertama, data demo).');

/** Recovery first, before anything else writes: call it before the first account and demo data. */
export async function recover(db: Db, config: Config, jobs: Jobs): Promise<void> {
  const recovered = await recoverAfterCrash(db, config.mediaDir, jobs.lease);
  if (Object.values(recovered).some((n) => n > 0)) console.log('Dipulihkan setelah proses sebelumnya terhenti:', JSON.stringify(recovered));
}

export async function startWorking(db: Db, config: Config, jobs: Jobs): Promise<{ stop: () => Promise<void> }> {
  // Before the schedule starts, so interrupted work is first in the queue.
  const resumed = await jobs.resumeInterrupted();
  if (resumed.length > 0) console.log(`Mengulang ${resumed.length} pekerjaan yang terputus: ${resumed.map((r) => `${r.job} #${r.id}`).join(', ')}`);
  const outbox = new Outbox(db, config);
  const outboxJob = { name: 'outbox', schedule: config.mail.schedule, run: () => outbox.run(), stop: () => outbox.stop() };
  const scheduler = startScheduler(db, jobs, config.capture, [outboxJob, digestJob(db, config)]);
  // Transcriptions a kill or a stop interrupted, and failed ones now due, are taken up again;
  // from then on the poll of jobs.start() does so, for runs whose worker dies later.
  try {
    const queued = await jobs.transcription.resumeDue();
    if (queued > 0) console.log(`Transkripsi: ${queued} pekerjaan yang terputus atau gagal diulang.`);
  } catch (error) {
    console.error('Transkripsi: pekerjaan yang terputus tidak dapat diulang:', error instanceof Error ? error.message : error);
  }
  jobs.start();
  console.log(
    `Tugas: jadwal SIARAN_INTAKE_SCHEDULE="${config.capture.intakeSchedule}", SIARAN_CAPTURE_SCHEDULE="${config.capture.captureSchedule}", SIARAN_RETENTION_SCHEDULE="${config.capture.retentionSchedule}", SIARAN_OUTBOX_SCHEDULE="${config.mail.schedule}", SIARAN_DIGEST_SCHEDULE="${config.mail.digestSchedule}"; pekerjaan dalam antrean diambil dengan masa pegang ${config.capture.leaseMs / 1000} s.`,
  );
  // A disk that filled while the server was down is relieved without waiting for the hour.
  void jobs.retentionNow().catch((error) => console.error('Retensi gagal:', error));
  console.log(config.mail.smtpUrl ? 'Pesan: dikirim lewat SMTP (SIARAN_SMTP_URL).' : 'Pesan: SIARAN_SMTP_URL tidak diatur, jadi pesan menunggu di kotak keluar konsol (dikirim lewat WhatsApp secara manual).');
  return scheduler;
}
