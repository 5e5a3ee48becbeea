// The words of the console pages for speakers' links, announcing and the outbox, in
// Indonesian and English. Kept apart from ../i18n.ts while the console is being reworked.
import type { Lang } from '../i18n.ts';

const id = {
  linkTitle: (name: string) => `Tautan pribadi: ${name}`,
  linkIntro: 'Dengan tautan ini narasumber melihat dialognya, menjawab undangan dan berlangganan kalendernya.',
  currentLink: 'Tautan saat ini',
  copy: 'Salin',
  copied: 'Disalin',
  noLink: 'Narasumber ini belum punya tautan pribadi.',
  unreadableLink:
    'Tautan saat ini dibuat sebelum tautan dapat ditampilkan lagi, jadi tidak dapat ditampilkan. Terbitkan tautan baru untuk mengirimkannya.',
  issueNew: 'Terbitkan tautan baru',
  issueWarning:
    'Tautan lama langsung berhenti berfungsi, begitu pula langganan kalender narasumber. Kirimkan tautan baru kepada narasumber setelahnya.',
  confirmIssue: 'Saya mengerti: tautan lama dan langganan kalendernya berhenti berfungsi.',
  mustConfirm: 'Centang konfirmasi dulu: tautan lama akan berhenti berfungsi.',
  issued: 'Tautan baru diterbitkan. Tautan lama tidak berlaku lagi.',
  backToDialogue: 'Kembali ke dialog',
  outbox: 'Kotak keluar',
  outboxIntro: 'Pesan kepada narasumber. Tanpa server surel (SIARAN_SMTP_URL), pesan menunggu di sini untuk dikirim lewat WhatsApp.',
  noMessages: 'Tidak ada pesan.',
  kind: { invitation: 'Undangan', reminder: 'Pengingat', change: 'Perubahan', cancellation: 'Pembatalan', digest: 'Ringkasan' } as Record<string, string>,
  state: { pending: 'Menunggu', sent: 'Terkirim', failed: 'Gagal', cancelled: 'Dibatalkan' } as Record<string, string>,
  sendWhatsapp: 'Kirim lewat WhatsApp',
  noPhone: 'Tidak ada nomor telepon',
  copyText: 'Salin teks',
  resend: 'Kirim ulang',
  cancel: 'Batalkan',
  to: 'Kepada',
  error: 'Galat',
  resent: 'Pesan masuk antrean lagi.',
  cancelledNotice: 'Pesan dibatalkan.',
  all: 'Semua',
  announce: 'Umumkan ke publik',
  withdraw: 'Tarik pengumuman',
  announcedNotice: 'Dialog diumumkan: tampil di halaman stasiun dan kalendernya.',
  withdrawnNotice: 'Pengumuman ditarik.',
};

type Words = typeof id;

const en: Words = {
  linkTitle: (name: string) => `Personal link: ${name}`,
  linkIntro: 'With this link the speaker sees their dialogues, answers invitations and subscribes to their calendar.',
  currentLink: 'Current link',
  copy: 'Copy',
  copied: 'Copied',
  noLink: 'This speaker has no personal link yet.',
  unreadableLink: 'The current link was issued before links could be shown again, so it cannot be shown. Issue a new link to send it.',
  issueNew: 'Issue a new link',
  issueWarning: "The old link stops working at once, and so does the speaker's calendar subscription. Send the new link to the speaker afterwards.",
  confirmIssue: 'I understand: the old link and its calendar subscription stop working.',
  mustConfirm: 'Tick the confirmation first: the old link will stop working.',
  issued: 'A new link was issued. The old one no longer works.',
  backToDialogue: 'Back to the dialogue',
  outbox: 'Outbox',
  outboxIntro: 'Messages to speakers. Without a mail server (SIARAN_SMTP_URL) they wait here to be sent over WhatsApp.',
  noMessages: 'No messages.',
  kind: { invitation: 'Invitation', reminder: 'Reminder', change: 'Change', cancellation: 'Cancellation', digest: 'Digest' } as Record<string, string>,
  state: { pending: 'Pending', sent: 'Sent', failed: 'Failed', cancelled: 'Cancelled' } as Record<string, string>,
  sendWhatsapp: 'Send over WhatsApp',
  noPhone: 'No phone number',
  copyText: 'Copy the text',
  resend: 'Send again',
  cancel: 'Cancel',
  to: 'To',
  error: 'Error',
  resent: 'The message is queued again.',
  cancelledNotice: 'The message is cancelled.',
  all: 'All',
  announce: 'Announce to the public',
  withdraw: 'Withdraw the announcement',
  announcedNotice: 'Announced: the dialogue shows on its station page and calendar.',
  withdrawnNotice: 'The announcement is withdrawn.',
};

export const announceWords = (lang: Lang): Words => (lang === 'en' ? en : id);
