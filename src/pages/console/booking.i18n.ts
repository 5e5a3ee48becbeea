// The words of the booking form's person picker and of the week grid, in Indonesian and
// English. Kept apart from ../i18n.ts while the console is being reworked on several branches.
import type { Lang } from '../i18n.ts';

const id = {
  noneChosen: 'Belum ada peserta. Cari nama atau instansi di bawah, atau tambahkan orang baru.',
  roleOf: (name: string) => `Peran ${name}`,
  remove: 'Keluarkan',
  search: 'Cari orang (nama atau instansi)',
  searchButton: 'Cari',
  searchHelp: 'Ketik beberapa huruf: yang cocok muncul di bawah kolom ini.',
  options: 'Orang yang cocok',
  matchesFor: (q: string) => `Yang cocok dengan «${q}»`,
  noMatches: 'Tidak ada yang cocok. Periksa ejaannya, atau tambahkan orang baru.',
  typeMore: 'Ketik nama atau instansi dulu.',
  moreMatches: (n: number) => `Hanya ${n} yang pertama ditampilkan; ketik lebih lengkap untuk mempersempit.`,
  foundNone: 'Tidak ada yang cocok.',
  /** The script puts the number in place of {n}. */
  foundSome: '{n} orang cocok; pilih dengan panah atas/bawah dan Enter.',
  add: 'Tambahkan',
  added: (name: string) => `${name} ditambahkan ke peserta.`,
  removed: (name: string) => `${name} dikeluarkan dari peserta.`,
  newPerson: 'Tambah orang baru',
  newPersonHelp: 'Orang baru disimpan dan langsung menjadi peserta; isian dialog lainnya tetap.',
  newName: 'Nama',
  newPosition: 'Jabatan',
  newOrganisation: 'Instansi',
  newEmail: 'Email (tidak tampil untuk publik)',
  newPhone: 'Telepon (tidak tampil untuk publik)',
  newRole: 'Peran di dialog ini',
  createPerson: 'Simpan dan tambahkan',
  created: (name: string) => `${name} disimpan dan ditambahkan ke peserta.`,
  fixNewPerson: 'Periksa isian orang baru.',
  nameRequired: 'Nama wajib diisi.',
  // The week grid.
  today: 'Hari ini',
  hour: 'Jam',
  grid: (station: string, zone: string) => `Jadwal ${station}, jam ${zone}`,
  bookOn: (day: string) => `Pesan dialog pada ${day}`,
};

type Words = typeof id;

const en: Words = {
  noneChosen: 'Nobody yet. Search for a name or organisation below, or add a new person.',
  roleOf: (name: string) => `Role of ${name}`,
  remove: 'Remove',
  search: 'Find a person (name or organisation)',
  searchButton: 'Search',
  searchHelp: 'Type a few letters: the matches appear below this field.',
  options: 'Matching people',
  matchesFor: (q: string) => `Matching «${q}»`,
  noMatches: 'Nobody matches. Check the spelling, or add a new person.',
  typeMore: 'Type a name or organisation first.',
  moreMatches: (n: number) => `Only the first ${n} are shown; type more to narrow the search.`,
  foundNone: 'Nobody matches.',
  foundSome: '{n} matching; choose with the up/down arrows and Enter.',
  add: 'Add',
  added: (name: string) => `${name} added to the people.`,
  removed: (name: string) => `${name} removed from the people.`,
  newPerson: 'Add a new person',
  newPersonHelp: 'The new person is saved and added to this dialogue; the rest of the form stays as it is.',
  newName: 'Name',
  newPosition: 'Title',
  newOrganisation: 'Organisation',
  newEmail: 'Email (never public)',
  newPhone: 'Phone (never public)',
  newRole: 'Role in this dialogue',
  createPerson: 'Save and add',
  created: (name: string) => `${name} saved and added to the people.`,
  fixNewPerson: "Check the new person's fields.",
  nameRequired: 'A name is required.',
  today: 'Today',
  hour: 'Time',
  grid: (station: string, zone: string) => `Schedule of ${station}, ${zone} times`,
  bookOn: (day: string) => `Book a dialogue on ${day}`,
};

export const bookingWords = (lang: Lang): Words => (lang === 'en' ? en : id);
