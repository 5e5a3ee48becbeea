// Siaran's only script, and only an enhancement: the page works without it. Copy buttons
// copy a field's text; the booking form's person search lists matches while typing. On a dialogue page it opens the audio at the moment named by #t=seconds, highlights the line being
// heard, seeks when a line's time is chosen, and copies a link to the current moment.
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
  // The booking form's people (src/pages/console/person-picker.tsx). Without this script
  // its search, add and remove buttons send the form and the server shows it again; with
  // it, the search field becomes a combobox listing matches while typing (from
  // GET /api/speakers?q=), and choosing or removing a person changes the page only.
  var picker = document.getElementById('people');
  if (picker && picker.getAttribute('data-search-url')) enhancePicker(picker);

  function enhancePicker(picker) {
    var input = document.getElementById('person-query');
    var chosen = document.getElementById('chosen');
    var none = document.getElementById('none-chosen');
    var template = document.getElementById('chosen-template');
    var status = document.getElementById('picker-status');
    if (!input || !chosen || !template || !template.content) return;
    var list = document.createElement('ul');
    list.id = 'person-options';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', input.getAttribute('data-options'));
    list.hidden = true;
    var row = input.parentNode;
    row.parentNode.insertBefore(list, row.nextSibling);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function chosenIds() {
      return Array.prototype.map.call(chosen.querySelectorAll('input[name="person"]'), function (i) { return i.value; });
    }
    function say(text) { if (status) status.textContent = text; }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function setActive(i) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
      active = i;
      if (i < 0 || !items[i]) { input.removeAttribute('aria-activedescendant'); return; }
      items[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView({ block: 'nearest' });
    }
    function show(people) {
      var ids = chosenIds();
      options = people.filter(function (p) { return ids.indexOf(p.id) < 0; });
      list.textContent = '';
      options.forEach(function (person, i) {
        var li = document.createElement('li');
        li.id = 'person-option-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = person.name;
        if (person.organisation) {
          var org = document.createElement('span');
          org.className = 'org';
          org.textContent = ' — ' + person.organisation;
          li.appendChild(org);
        }
        // Keep the focus in the field: a click chooses without blurring it.
        li.addEventListener('mousedown', function (e) { e.preventDefault(); });
        li.addEventListener('click', function () { choose(person); });
        list.appendChild(li);
      });
      active = -1;
      list.hidden = options.length === 0;
      input.setAttribute('aria-expanded', String(options.length > 0));
      say(options.length === 0 ? input.getAttribute('data-found-none') : input.getAttribute('data-found-some').replace('{n}', String(options.length)));
    }
    function search() {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { close(); return; }
      var mine = ++asked;
      var url = picker.getAttribute('data-search-url') + '?q=' + encodeURIComponent(q) + '&limit=' + picker.getAttribute('data-limit');
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
        // Only the answer to the latest keystroke counts; earlier ones may arrive after it.
        .then(function (body) { if (mine === asked) show(body.items || []); })
        .catch(function () { /* the search button still asks the server */ });
    }
    function choose(person) {
      var item = template.content.firstElementChild.cloneNode(true);
      item.querySelector('input[name="person"]').value = person.id;
      item.querySelector('.name').textContent = person.name;
      item.querySelector('.org').textContent = person.organisation ? ' — ' + person.organisation : '';
      var select = item.querySelector('select');
      select.id = 'role-' + person.id;
      var label = item.querySelector('label');
      label.setAttribute('for', select.id);
      label.textContent = template.getAttribute('data-role-of').replace('{name}', person.name);
      var remove = item.querySelector('button[name="remove"]');
      remove.value = person.id;
      remove.querySelector('.visually-hidden').textContent = ' ' + person.name;
      chosen.appendChild(item);
      if (none) none.hidden = true;
      input.value = '';
      close();
      say(template.getAttribute('data-added').replace('{name}', person.name));
      input.focus();
    }
    chosen.addEventListener('click', function (e) {
      var button = e.target.closest && e.target.closest('button[name="remove"]');
      if (!button) return;
      e.preventDefault();
      var item = button.closest('li');
      var name = item.querySelector('.name').textContent;
      item.parentNode.removeChild(item);
      if (none) none.hidden = chosen.children.length > 0;
      say(template.getAttribute('data-removed').replace('{name}', name));
      input.focus();
    });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (options.length === 0) return;
        e.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); }
        setActive(e.key === 'ArrowDown' ? Math.min(active + 1, options.length - 1) : Math.max(active - 1, 0));
      } else if (e.key === 'Enter') {
        // Enter here chooses a person (or searches now); it never sends the booking.
        e.preventDefault();
        if (!list.hidden && active >= 0) choose(options[active]);
        else if (!list.hidden && options.length === 1) choose(options[0]);
        else search();
      } else if (e.key === 'Escape' && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', close);
  }

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
