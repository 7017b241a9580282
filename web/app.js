// The import assistant's page: four steps over the JSON API of `pgimport serve`
// (docs/HTTP_API.md). The access token travels in an HttpOnly cookie; this script never sees
// it. Connection strings typed here are sent once and never shown again: the server answers
// with password-free forms only.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { connection: null, importId: null, events: null, lastSeq: 0, branch: '',
                summary: null, tables: new Map(), branchTimer: null };

// --- helpers ---------------------------------------------------------------------------

async function api(method, path, body) {
  const options = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = {};
  try { data = await response.json(); } catch (e) { data = { error: response.statusText }; }
  if (!response.ok) {
    const error = new Error(data.error || ('HTTP ' + response.status));
    error.hint = data.hint || '';
    error.status = response.status;
    throw error;
  }
  return data;
}

function showMessage(text, kind) {
  const box = $('message');
  box.textContent = text;
  box.className = 'message' + (kind === 'info' ? ' info' : '');
  box.hidden = !text;
}

function showError(error) {
  showMessage(error.message + (error.hint ? '\n' + error.hint : ''));
}

async function busy(button, action) {
  button.disabled = true;
  showMessage('');
  try { await action(); } catch (error) { showError(error); } finally { button.disabled = false; }
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes, unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
  return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
}

function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined) return '--';
  if (seconds < 60) return seconds.toFixed(1) + 's';
  const minutes = Math.floor(seconds / 60);
  return minutes + 'm ' + String(Math.round(seconds % 60)).padStart(2, '0') + 's';
}

function showStep(name) {
  const order = ['connect', 'check', 'import', 'done'];
  for (const step of order) {
    $('step-' + step).hidden = step !== name;
  }
  for (const item of $('steps').children) {
    const index = order.indexOf(item.dataset.step);
    item.className = item.dataset.step === name ? 'current'
                   : index < order.indexOf(name) ? 'done' : '';
  }
}

// --- 1 Connect -----------------------------------------------------------------------

function showConnection(connection) {
  state.connection = connection;
  const text = $('connected');
  text.textContent = connection
      ? 'Connected: ' + connection.source + ' into ' + connection.target +
        (connection.target_is_local ? ' (the local PostgreSQL)' : '')
      : '';
  text.hidden = !connection;
  $('check-intro').textContent = connection
      ? 'Checks of ' + connection.source + ' into ' + connection.target + '.' : '';
}

for (const radio of document.querySelectorAll('input[name=target-kind]')) {
  radio.addEventListener('change', () => {
    $('target').disabled = document.querySelector('input[name=target-kind]:checked').value !== 'other';
  });
}

$('connect-form').addEventListener('submit', (event) => {
  event.preventDefault();
  busy($('connect-button'), async () => {
    const other = document.querySelector('input[name=target-kind]:checked').value === 'other';
    const connection = await api('POST', '/api/connect', {
      source: $('source').value, target: other ? $('target').value : '' });
    // The strings were sent; nothing keeps them on the page.
    $('source').value = '';
    $('target').value = '';
    showConnection(connection);
    resetCheck();
    showStep('check');
    loadBranches();
  });
});

// --- 2 Check --------------------------------------------------------------------------

function resetCheck() {
  $('findings').hidden = true;
  $('check-verdict').hidden = true;
  $('to-import').disabled = true;
}

function renderFindings(report) {
  const body = $('findings').querySelector('tbody');
  body.textContent = '';
  for (const finding of report.findings) {
    const row = document.createElement('tr');
    row.dataset.severity = finding.status;
    cell(row, finding.status, finding.status);
    cell(row, finding.code);
    const message = cell(row, finding.message);
    if (finding.objects && finding.objects.length) {
      message.appendChild(document.createElement('br'));
      const objects = document.createElement('span');
      objects.className = 'muted';
      objects.textContent = finding.objects.join(', ');
      message.appendChild(objects);
    }
    cell(row, finding.hint);
    body.appendChild(row);
  }
  $('findings').hidden = false;
  const failed = report.findings.filter((f) => f.status === 'fail').length;
  const warned = report.findings.filter((f) => f.status === 'warn').length;
  const verdict = $('check-verdict');
  verdict.hidden = false;
  verdict.className = 'verdict ' + (failed ? 'fail' : warned ? 'warn' : 'pass');
  verdict.textContent = failed
      ? failed + ' check(s) failed: fix them before importing.'
      : warned ? 'Nothing failed (' + warned + ' warning(s)): you can import.'
               : 'Every check passed: you can import.';
  $('to-import').disabled = failed > 0;
}

$('check-button').addEventListener('click', () => busy($('check-button'), async () => {
  resetCheck();
  $('check-verdict').hidden = false;
  $('check-verdict').className = 'verdict';
  $('check-verdict').textContent = 'Checking...';
  renderFindings(await api('POST', '/api/check', {}));
}));

$('back-to-connect').addEventListener('click', () => showStep('connect'));
$('to-import').addEventListener('click', () => {
  $('progress').hidden = true;
  $('import-form').hidden = false;
  showStep('import');
});

// --- 3 Import ---------------------------------------------------------------------------

$('import-form').addEventListener('submit', (event) => {
  event.preventDefault();
  busy($('import-button'), async () => {
    const body = {
      jobs: Number($('jobs').value) || 2,
      verify: $('verify').value,
      keep_owners: $('keep-owners').checked,
      keep_privileges: $('keep-privileges').checked,
    };
    if ($('branch').value.trim()) body.branch = $('branch').value.trim();
    const job = await api('POST', '/api/import', body);
    follow(job);
  });
});

$('cancel-button').addEventListener('click', () => busy($('cancel-button'), async () => {
  await api('POST', '/api/import/cancel', {});
  $('import-state').textContent = 'cancelling...';
}));

function tableRow(name) {
  let entry = state.tables.get(name);
  if (!entry) {
    const row = document.createElement('tr');
    row.dataset.table = name;
    entry = { row, cells: [cell(row, name), cell(row, 'waiting'), cell(row, '', 'num'),
                           cell(row, '', 'num'), cell(row, '', 'num')],
              rows: 0, bytes: 0, seconds: 0, done: false };
    $('tables').querySelector('tbody').appendChild(row);
    state.tables.set(name, entry);
  }
  return entry;
}

// Starts showing an import (just started, or found running after a reload) and follows its
// events from the first one: a reload replays everything, then goes on live.
function follow(job) {
  state.importId = job.id;
  state.branch = job.branch || '';
  state.tables = new Map();
  state.lastSeq = 0;
  $('tables').querySelector('tbody').textContent = '';
  $('notes').textContent = '';
  $('import-form').hidden = true;
  $('progress').hidden = false;
  $('cancel-button').disabled = false;
  $('phase').textContent = 'starting';
  $('import-state').textContent = job.state === 'cancelling' ? 'cancelling...' : '';
  showStep('import');
  if (state.events) state.events.close();
  const events = new EventSource('/api/import/events?after=0');
  state.events = events;
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.seq) {
      if (event.seq <= state.lastSeq) return;
      state.lastSeq = event.seq;
    }
    handle(event);
  };
  events.onerror = () => {
    // The browser reconnects by itself (Last-Event-ID); nothing to do unless it gave up.
    if (events.readyState === EventSource.CLOSED && state.events === events) {
      showMessage('Lost the connection to pgimport serve: reload the page to reattach.');
    }
  };
  if (state.branchTimer) clearInterval(state.branchTimer);
  state.branchTimer = setInterval(loadBranches, 5000);
}

function note(text, className) {
  const item = document.createElement('li');
  item.textContent = text;
  if (className) item.className = className;
  $('notes').appendChild(item);
}

function handle(event) {
  switch (event.event) {
    case 'progress': return renderProgress(event);
    case 'phase_started':
      $('phase').textContent = event.phase;
      return note(event.phase + ' started');
    case 'phase_finished': return note(event.phase + ' done in ' + formatSeconds(event.seconds));
    case 'table_done': {
      const entry = tableRow(event.table);
      entry.rows += event.rows; entry.bytes += event.bytes; entry.seconds += event.seconds;
      entry.done = true;
      entry.cells[1].textContent = 'done';
      entry.cells[1].className = 'pass';
      entry.cells[2].textContent = entry.rows.toLocaleString('en');
      entry.cells[3].textContent = formatBytes(entry.bytes);
      entry.cells[4].textContent = formatSeconds(entry.seconds);
      return undefined;
    }
    case 'check':
      if (!event.ok) note('a check failed: the import stopped', 'fail');
      return undefined;
    case 'info': return note(event.message);
    case 'warning': return note('warning: ' + event.message, 'warn');
    case 'cancelling':
      $('import-state').textContent = 'cancelling...';
      $('cancel-button').disabled = true;
      return undefined;
    case 'summary': return finished(event);
    default: return undefined;
  }
}

function renderProgress(progress) {
  $('phase').textContent = progress.phase || 'starting';
  const fraction = progress.bytes_total > 0 ? Math.min(1, progress.bytes_done / progress.bytes_total) : 0;
  // Phases before the data copy show how much was copied (nothing yet); later ones, all of it.
  const upToData = ['', 'checks', 'snapshot', 'branch', 'schema dump', 'pre-data', 'data'];
  const shown = upToData.includes(progress.phase || '') ? fraction : 1;
  $('bar-fill').style.width = (shown * 100).toFixed(1) + '%';
  $('progress-text').textContent =
      formatBytes(progress.bytes_done) + ' of ~' + formatBytes(progress.bytes_total) +
      ' (' + Math.round(fraction * 100) + '%)  ·  ' + formatBytes(progress.bytes_per_second) + '/s' +
      '  ·  ETA ' + formatSeconds(progress.eta_seconds) +
      '  ·  ' + progress.tables_done + ' of ' + progress.tables_total + ' tables' +
      '  ·  ' + progress.rows_done.toLocaleString('en') + ' rows';
  const copying = new Set();
  for (const activity of progress.workers || []) {
    const match = /^copying (\S+)(.*)$/.exec(activity || '');
    if (match) {
      copying.add(match[1]);
      const entry = tableRow(match[1]);
      entry.cells[1].textContent = 'copying' + match[2];
      entry.cells[1].className = 'warn';
    }
  }
  for (const [name, entry] of state.tables) {
    if (!entry.done && !copying.has(name) && entry.cells[1].textContent.startsWith('copying')) {
      entry.cells[1].textContent = 'waiting';
      entry.cells[1].className = '';
    }
  }
}

// --- 4 Verify and next steps -------------------------------------------------------------

function finished(summary) {
  if (state.events) { state.events.close(); state.events = null; }
  if (state.branchTimer) { clearInterval(state.branchTimer); state.branchTimer = null; }
  showSummary(summary);
  loadBranches();
}

function showSummary(summary) {
  state.summary = summary;
  state.branch = summary.branch;
  const outcome = $('outcome');
  const titles = {
    complete: 'Import complete: branch "' + summary.branch + '"',
    failed: 'The import failed: ' + (summary.error || ''),
    cancelled: 'The import was cancelled: ' + (summary.error || ''),
    checks_failed: 'A check failed, so nothing was imported: ' + (summary.error || ''),
  };
  outcome.textContent = titles[summary.outcome] || summary.outcome;
  outcome.className = 'verdict ' + (summary.outcome === 'complete' ? 'pass' : 'fail');
  outcome.dataset.outcome = summary.outcome;

  const verification = $('verification');
  verification.textContent = '';
  const facts = document.createElement('p');
  facts.textContent = summary.tables + ' tables, ' + summary.rows.toLocaleString('en') + ' rows, ' +
      formatBytes(summary.bytes) + ', ' + summary.sequences + ' sequences in ' +
      formatSeconds(summary.seconds) + '.';
  verification.appendChild(facts);
  const differences = $('differences');
  differences.hidden = true;
  if (summary.verification) {
    const report = summary.verification;
    const line = document.createElement('p');
    line.id = 'verify-summary';
    const count = (report.differences || []).length;
    line.className = count ? 'fail' : 'pass';
    line.textContent = 'Verified: ' + report.objects_compared + ' objects, ' + report.tables_compared +
        ' tables, ' + Number(report.rows_compared).toLocaleString('en') + ' rows compared: ' +
        (count ? count + ' difference(s).' : 'equal to the source.');
    verification.appendChild(line);
    const body = differences.querySelector('tbody');
    body.textContent = '';
    for (const difference of report.differences || []) {
      const row = document.createElement('tr');
      cell(row, difference.kind); cell(row, difference.object);
      cell(row, difference.source); cell(row, difference.branch);
      body.appendChild(row);
    }
    differences.hidden = count === 0;
  }
  for (const skipped of summary.skipped || []) {
    const line = document.createElement('p');
    line.className = 'warn';
    line.textContent = 'Not imported: ' + skipped;
    verification.appendChild(line);
  }
  const isComplete = summary.outcome === 'complete';
  $('next').hidden = !isComplete;
  $('branch-url').textContent = summary.branch_url || '';
  $('delete-button').hidden = isComplete || !summary.branch || summary.branch_dropped;
  showStep('done');
}

async function branchAction(button, path, body, done) {
  await busy(button, async () => {
    const answer = await api('POST', path, body);
    done(answer);
    loadBranches();
  });
}

$('promote-button').addEventListener('click', () => branchAction($('promote-button'),
    '/api/branches/promote', { branch: state.branch, as: $('promote-as').value.trim() }, (answer) => {
      showMessage('Promoted "' + answer.branch + '" to "' + answer.as + '"' +
                  (answer.previous ? '; the previous "' + answer.as + '" is now "' + answer.previous + '"' : '') +
                  '.\nConnect with: ' + answer.url, 'info');
      state.branch = answer.as;
      $('branch-url').textContent = answer.url;
    }));

$('rename-button').addEventListener('click', () => branchAction($('rename-button'),
    '/api/branches/rename', { branch: state.branch, name: $('rename-to').value.trim() }, (answer) => {
      showMessage('Renamed "' + answer.branch + '" to "' + answer.name + '".', 'info');
      state.branch = answer.name;
      $('branch-url').textContent = answer.url;
    }));

$('delete-button').addEventListener('click', () => branchAction($('delete-button'),
    '/api/branches/delete', { branch: state.branch }, (answer) => {
      showMessage('Deleted branch "' + answer.branch + '".', 'info');
      $('delete-button').hidden = true;
    }));

$('again-button').addEventListener('click', () => {
  showMessage('');
  $('import-form').hidden = false;
  $('progress').hidden = true;
  showStep(state.connection ? 'check' : 'connect');
});

// --- Branches ---------------------------------------------------------------------------

async function loadBranches() {
  if (!state.connection) return;
  try {
    const answer = await api('GET', '/api/branches');
    const body = $('branches').querySelector('tbody');
    body.textContent = '';
    for (const info of answer.branches) {
      const row = document.createElement('tr');
      row.dataset.branch = info.name;
      cell(row, info.name);
      cell(row, info.status || '?', 'status-' + (info.status || 'failed'));
      cell(row, info.size, 'num');
      cell(row, info.age || '?', 'num');
      cell(row, info.source || '');
      if (info.message) row.title = info.message;
      body.appendChild(row);
    }
    $('branches').hidden = answer.branches.length === 0;
    $('branches-empty').hidden = answer.branches.length !== 0;
    $('branches-empty').textContent = 'No pgimport branches on ' + answer.target + ' yet.';
  } catch (error) {
    $('branches-empty').hidden = false;
    $('branches-empty').textContent = 'Could not list the branches: ' + error.message;
  }
}

$('refresh-branches').addEventListener('click', loadBranches);

// --- Start: reattach to what the server is doing -------------------------------------------

(async function start() {
  try {
    const current = await api('GET', '/api/state');
    showConnection(current.connection);
    if (current.import && current.import.state !== 'finished') {
      follow(current.import);
    } else if (current.import && current.import.summary) {
      showSummary(current.import.summary);
    } else {
      showStep(current.connection ? 'check' : 'connect');
    }
    loadBranches();
  } catch (error) {
    showStep('connect');
    showError(error);
  }
})();
