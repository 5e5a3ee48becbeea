// Siaran's script for every page, and only an enhancement: the page works without it. Copy
// buttons copy a field's text. On a dialogue page it opens the audio at the moment named by
// #t=seconds, highlights the line being heard, seeks when a line's time is chosen, and copies
// a link to the current moment. (The editor and the booking form's picker have their own.)
(function () {
  'use strict';
  // A button with data-copy="<id>" copies that field's value (a link, a message); without
  // the script the field is still there to select and copy by hand.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-copy'));
      if (!field) return;
      var label = button.textContent;
      var done = function () { button.textContent = button.getAttribute('data-copied') || label; setTimeout(function () { button.textContent = label; }, 2000); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      else { field.select(); try { document.execCommand('copy'); done(); } catch (e) { /* selected for a manual copy */ } }
    });
  });

  var audio = document.getElementById('player');
  var list = document.getElementById('transcript');
  if (!audio) return;
  // Each timed line starts with its moment's link; lines of untimed transcripts have none.
  var links = list ? Array.prototype.slice.call(list.querySelectorAll('li > a[href^="#t="]:first-child')) : [];
  var lines = links.map(function (a) { return a.parentNode; });
  var starts = links.map(function (a) { return timeFromHash(a.getAttribute('href')); });
  var current = null;
  var follow = true;

  // "#t=754", "#t=754.5", "#t=12:34", "#t=npt:754,800" (media fragment syntax) → seconds.
  function timeFromHash(hash) {
    var m = /^#t=(?:npt:)?([\d:.]+)/.exec(hash || '');
    if (!m) return null;
    var parts = m[1].split(':').map(Number);
    var s = 0;
    for (var i = 0; i < parts.length; i++) s = s * 60 + parts[i];
    return isFinite(s) ? s : null;
  }

  function lineAt(t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 0.05) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? null : lines[found];
  }

  function highlight(t) {
    var li = lineAt(t);
    if (li === current) return;
    if (current) { current.classList.remove('now'); current.removeAttribute('aria-current'); }
    current = li;
    if (!li) return;
    li.classList.add('now');
    li.setAttribute('aria-current', 'true');
    if (follow && !audio.paused) {
      var r = li.getBoundingClientRect();
      var top = audio.parentNode.getBoundingClientRect().bottom;
      if (r.top < top || r.bottom > window.innerHeight) li.scrollIntoView({ block: 'center' });
    }
  }

  function seek(t, play) {
    var go = function () {
      audio.currentTime = t;
      highlight(t);
      if (play) {
        var p = audio.play();
        // Browsers refuse to start sound before the reader has interacted: stay paused there.
        if (p && p.catch) p.catch(function () {});
      }
    };
    highlight(t);
    if (audio.readyState >= 1) go();
    else audio.addEventListener('loadedmetadata', go, { once: true });
  }

  audio.addEventListener('timeupdate', function () { highlight(audio.currentTime); });
  audio.addEventListener('seeked', function () { highlight(audio.currentTime); });

  if (list) {
    list.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('a[href^="#t="]');
      if (!a || !list.contains(a)) return;
      var t = timeFromHash(a.getAttribute('href'));
      if (t === null) return;
      e.preventDefault();
      history.replaceState(null, '', a.getAttribute('href'));
      seek(t, true);
    });
    // Reading ahead by scrolling should not be fought by the follow-along.
    var stopFollowing = function () { follow = audio.paused; };
    list.addEventListener('wheel', stopFollowing, { passive: true });
    list.addEventListener('touchmove', stopFollowing, { passive: true });
    audio.addEventListener('play', function () { follow = true; });
  }

  window.addEventListener('hashchange', function () {
    var t = timeFromHash(location.hash);
    if (t !== null) seek(t, true);
  });

  var share = document.getElementById('share');
  var status = document.getElementById('share-status');
  if (share) {
    share.hidden = false;
    share.addEventListener('click', function (e) {
      e.preventDefault();
      var s = Math.floor(audio.currentTime);
      var url = location.origin + location.pathname + '#t=' + s;
      history.replaceState(null, '', '#t=' + s);
      share.setAttribute('href', '#t=' + s);
      var done = function () { if (status) status.textContent = share.getAttribute('data-copied') + ': ' + url; };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, done);
      else done();
    });
  }

  var start = timeFromHash(location.hash);
  if (start !== null) seek(start, true);
})();
