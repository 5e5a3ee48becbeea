// The booking form's person picker (src/pages/console/person-picker.tsx), loaded by the
// console's booking pages only, so that listeners' pages do not carry it.
(function () {
  'use strict';
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
})();
