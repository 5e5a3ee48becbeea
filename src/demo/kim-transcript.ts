// A transcript for the demo dialogue "Peran KIM Daerah Sebagai Mitra Kerja Diseminasi
// Informasi" (RRI Palangka Raya, 8 September 2021).
//
// THE WORDS ARE INVENTED FOR THE DEMO. They are not the real broadcast, of which no
// transcript was published: they only follow the dialogue's published theme and topics
// (KIM, diseminasi informasi, hoaks, covid-19) so that search, corrections and the
// listening page have something plausible to show. The host is not a booked participant,
// so "Penyiar" stays an unmatched speaker label, as such labels do in real files.
export const KIM_TRANSCRIPT_VTT = `WEBVTT

00:00.000 --> 00:14.500
<v Penyiar>Selamat pagi pendengar RRI Palangka Raya. Hari ini kita berbincang tentang peran KIM daerah sebagai mitra kerja diseminasi informasi.

00:14.500 --> 00:31.000
<v Penyiar>Bersama kami sudah hadir Ibu Suliwati, Kepala Seksi Layanan Komunikasi Publik, dan Ibu Elyanie, Kepala Seksi Kemitraan Komunikasi Publik DiskominfoSantik Provinsi Kalimantan Tengah.

00:31.000 --> 00:58.200
<v Suliwati>Terima kasih. KIM atau Kelompok Informasi Masyarakat adalah kelompok yang dibentuk oleh masyarakat, dari masyarakat dan untuk masyarakat, untuk mengelola informasi di desa dan kelurahan.

00:58.200 --> 01:24.000
<v Suliwati>Tugas utamanya menyebarluaskan informasi pembangunan dari pemerintah kepada warga, dan sebaliknya menyampaikan aspirasi warga kepada pemerintah daerah.

01:24.000 --> 01:47.500
<v Penyiar>Jadi KIM ini menjadi jembatan informasi. Bagaimana dengan kemitraan antara KIM dan Diskominfo, Bu Elyanie?

01:47.500 --> 02:18.000
<v Elyanie>Kami di Seksi Kemitraan melakukan pembinaan KIM di kabupaten dan kota. Kami membina pengurusnya supaya mampu mendiseminasikan informasi dengan cara yang tepat dan mudah dipahami.

02:18.000 --> 02:46.300
<v Elyanie>Pembinaan itu berupa pelatihan menulis berita, memotret kegiatan desa, dan memanfaatkan media sosial untuk penyebarluasan informasi.

02:46.300 --> 03:10.000
<v Penyiar>Di masa pandemi covid-19 ini, informasi yang beredar sangat banyak. Bagaimana KIM menyikapi hoaks?

03:10.000 --> 03:41.800
<v Suliwati>Hoaks tentang covid-19 banyak sekali, misalnya tentang vaksin. KIM kami minta untuk memeriksa dulu kebenaran sebuah berita sebelum disebarluaskan kepada warga.

03:41.800 --> 04:09.000
<v Suliwati>Kalau ragu, pengurus KIM bisa bertanya kepada Diskominfo atau memeriksa situs resmi pemerintah. Jangan ikut menyebarkan pesan berantai yang belum jelas sumbernya.

04:09.000 --> 04:37.500
<v Elyanie>Kami juga membagikan materi resmi tentang protokol kesehatan dan jadwal vaksinasi covid-19, supaya KIM punya bahan yang benar untuk disampaikan di desanya.

04:37.500 --> 05:02.000
<v Penyiar>Ada pertanyaan dari pendengar di Kabupaten Kapuas: bagaimana cara membentuk KIM di desa kami?

05:02.000 --> 05:35.000
<v Elyanie>Caranya mudah. Warga yang peduli informasi berkumpul, membentuk pengurus, lalu kepala desa atau lurah menetapkannya dengan surat keputusan. Setelah itu KIM didaftarkan ke Diskominfo kabupaten.

05:35.000 --> 06:04.500
<v Suliwati>Yang penting anggota KIM berasal dari berbagai kalangan: pemuda, ibu-ibu PKK, tokoh agama, petani. Dengan begitu penyebarluasan informasi menjangkau semua warga.

06:04.500 --> 06:31.000
<v Penyiar>Apa saja tantangan KIM di Kalimantan Tengah?

06:31.000 --> 07:02.400
<v Elyanie>Tantangannya jarak dan sinyal. Banyak desa di pedalaman yang belum terjangkau internet, sehingga radio seperti RRI tetap penting untuk diseminasi informasi.

07:02.400 --> 07:33.000
<v Suliwati>Karena itu KIM kami dorong bekerja sama dengan radio komunitas dan papan informasi desa, tidak hanya media sosial.

07:33.000 --> 08:01.500
<v Elyanie>Tahun ini kami juga mengadakan lomba KIM tingkat provinsi. KIM yang aktif menyebarluaskan informasi dan melawan hoaks akan mendapat penghargaan.

08:01.500 --> 08:29.000
<v Penyiar>Pesan terakhir untuk para pengurus KIM dan pendengar di mana pun berada?

08:29.000 --> 09:02.000
<v Suliwati>Saring sebelum sharing. Mari bersama-sama menjadi mitra pemerintah dalam diseminasi informasi yang benar, terutama tentang covid-19.

09:02.000 --> 09:31.500
<v Elyanie>Dan bagi desa yang belum punya KIM, silakan hubungi DiskominfoSantik Provinsi Kalimantan Tengah. Kami siap membina dan mendampingi.

09:31.500 --> 09:58.000
<v Penyiar>Terima kasih Ibu Suliwati dan Ibu Elyanie. Pendengar, sampai jumpa di dialog interaktif berikutnya di RRI Palangka Raya.
`;
