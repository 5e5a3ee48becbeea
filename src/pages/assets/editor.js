// The transcript editor's script, an enhancement only: without it every line is still a
// form and every time a link to its span of the recording. It plays a line in the page,
// steps through the doubtful words with Alt+N / Alt+P (focusing the line's text and
// selecting the word), plays the line being edited with Alt+K, and saves a line with
// Enter or Ctrl+Enter (Shift+Enter keeps a line break). The keys are listed on the page.
(function () {
  'use strict';
  var list = document.getElementById('editor-lines');
  if (!list) return;
  var audio = document.getElementById('editor-audio');
  var status = document.getElementById('editor-status');
  var lines = Array.prototype.slice.call(list.children);
  var marks = Array.prototype.slice.call(list.querySelectorAll('mark.doubt'));
  var stopAt = null;
  var playing = null;

  function say(text) { if (status) status.textContent = text; }
  function lineOf(el) { return el && el.closest ? el.closest('#editor-lines > li') : null; }
  function textareaOf(li) { return li.querySelector('textarea'); }

  function play(li) {
    if (!audio || !li || !li.hasAttribute('data-start')) return;
    var start = Number(li.getAttribute('data-start')) / 1000;
    var end = li.hasAttribute('data-end') ? Number(li.getAttribute('data-end')) / 1000 : null;
    if (playing) playing.classList.remove('playing');
    playing = li;
    li.classList.add('playing');
    stopAt = end;
    var go = function () {
      audio.currentTime = start;
      var p = audio.play();
      if (p && p.catch) p.catch(function () {});
    };
    if (audio.readyState >= 1) go();
    else { audio.addEventListener('loadedmetadata', go, { once: true }); audio.load(); }
  }

  if (audio) {
    audio.addEventListener('timeupdate', function () {
      if (stopAt !== null && audio.currentTime >= stopAt) { audio.pause(); stopAt = null; }
    });
    audio.addEventListener('pause', function () { if (playing) { playing.classList.remove('playing'); playing = null; } });
  }

  // A line's time plays its span here instead of opening the recording on its own.
  list.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.play');
    if (!a || !audio) return;
    e.preventDefault();
    play(lineOf(a));
  });

  /** Focuses the mark's line and selects its word in the text (found again if the text was changed here). */
  function visit(index) {
    var mark = marks[index];
    var li = lineOf(mark);
    var box = textareaOf(li);
    var word = mark.textContent;
    var from = Number(mark.getAttribute('data-from'));
    if (box.value.slice(from, from + word.length) !== word) from = box.value.indexOf(word);
    box.focus();
    if (from >= 0) box.setSelectionRange(from, from + word.length);
    li.scrollIntoView({ block: 'center' });
    say(status.getAttribute('data-word') + ' ' + (index + 1) + ' ' + status.getAttribute('data-of') + ' ' + marks.length + ': «' + word + '» (' + (lines.indexOf(li) + 1) + ')');
  }

  // Where the reader is: the focused line, and in its text the start of the selection.
  function position() {
    var li = lineOf(document.activeElement);
    if (!li) return null;
    var box = textareaOf(li);
    return { line: lines.indexOf(li), at: document.activeElement === box ? box.selectionStart : -1 };
  }

  function step(forward) {
    var here = position();
    var found = -1;
    for (var i = 0; i < marks.length; i++) {
      var k = forward ? i : marks.length - 1 - i;
      var line = lines.indexOf(lineOf(marks[k]));
      var from = Number(marks[k].getAttribute('data-from'));
      var after = !here || line > here.line || (line === here.line && from > here.at);
      var before = !here || line < here.line || (line === here.line && here.at >= 0 && from < here.at);
      if (forward ? after : before) { found = k; break; }
    }
    if (found < 0) say(status.getAttribute('data-none'));
    else visit(found);
  }

  document.addEventListener('keydown', function (e) {
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      if (e.code === 'KeyN' || e.code === 'KeyP') {
        e.preventDefault();
        step(e.code === 'KeyN');
        return;
      }
      if (e.code === 'KeyK') {
        e.preventDefault();
        var here = lineOf(document.activeElement);
        play(here || lines[0]);
        return;
      }
    }
    var box = e.target;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && box.tagName === 'TEXTAREA' && lineOf(box)) {
      e.preventDefault();
      var form = box.form;
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    }
  });
})();
