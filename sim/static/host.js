// deskset-sim host page: the Zendesk side of the ZAF postMessage protocol (see docs zaf.md).
// Loaded in <head> so its listener exists before the app iframe can post its handshake.
(function () {
  'use strict';

  // Read by end-to-end tests (contracts.md).
  window.__simMessages = []; // every message the app posted, parsed
  window.__simResizes = []; // every resize the app asked for
  window.__simSets = [];
  window.__simInvokes = [];
  window.__simTriggers = [];
  window.__simSubscriptions = {}; // event name -> subscriber count the app reported
  window.__simReplies = []; // the app's iframe.reply:<event> answers to events sent with needsReply
  window.__simFired = []; // every ZAF event this page fired at the app: {name, message}
  // Every message from and to the app, in order, with when (ms since the epoch, high resolution:
  // performance.timeOrigin + performance.now(), comparable with the frame's own clock):
  // {t, dir: 'in'|'out', key | request (+ id), detail}. See contracts.md.
  window.__simTimeline = [];

  // get_delay_ms=N (host page switch): every answer to a `get` is posted N ms late.
  var getDelayMs = (function () {
    var n = Number(new URLSearchParams(window.location.search).get('get_delay_ms'));
    return isFinite(n) && n > 0 ? n : 0;
  })();

  function now() {
    return performance.timeOrigin + performance.now();
  }

  // One timeline entry: `what` is {key} or {request, id}.
  function record(dir, what, detail) {
    var entry = { t: now(), dir: dir };
    Object.keys(what).forEach(function (k) {
      entry[k] = what[k];
    });
    entry.detail = detail === undefined ? null : detail;
    window.__simTimeline.push(entry);
  }

  // What the timeline says about a message the app sent.
  function recordIn(data) {
    if (data.request && data.id !== undefined) {
      record('in', { request: data.request, id: data.id }, data.params);
      return;
    }
    var key = String(data.key || '');
    var message = data.message;
    if (/^request:\d+$/.test(key) && message && typeof message === 'object') {
      record('in', { key: key }, { url: message.url, type: message.type || 'GET' });
    } else {
      record('in', { key: key }, message);
    }
  }

  var session = null;
  function sessionData() {
    if (!session) {
      var el = document.getElementById('sim-session');
      session = JSON.parse(el ? el.textContent : '{}');
      window.__simSession = session;
    }
    return session;
  }

  function frame() {
    return document.getElementById('app');
  }

  // The app's origin: in Zendesk (and here) another origin than this page's. Messages are accepted
  // only from it and posted only to it.
  function frameOrigin() {
    return new URL(frame().getAttribute('src'), window.location.href).origin;
  }

  // Posts `msg` to the app; `what` and `detail` are what the timeline records of it (by default
  // its key and message).
  function post(msg, what, detail) {
    var f = frame();
    if (!f || !f.contentWindow) return;
    f.contentWindow.postMessage(JSON.stringify(msg), frameOrigin());
    record('out', what || { key: msg.key }, what ? detail : msg.message);
  }

  window.addEventListener('message', function (event) {
    var f = frame();
    // Only the app iframe speaks ZAF to us.
    if (!f || event.source !== f.contentWindow || event.origin !== frameOrigin()) return;
    var data = event.data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch (e) {
        return;
      }
    }
    if (!data || typeof data !== 'object') return;
    window.__simMessages.push(data);
    recordIn(data);
    try {
      handle(data);
    } catch (e) {
      console.error('deskset-sim host: cannot handle', data, e);
    }
  });

  function handle(data) {
    if (data.request && data.id !== undefined) {
      var result;
      var what = { request: data.request, id: data.id };
      if (data.request === 'get') {
        if (getDelayMs) {
          setTimeout(function () {
            var late = get(data.params);
            post({ id: data.id, result: late }, what, late);
          }, getDelayMs);
          return;
        }
        result = get(data.params);
      } else if (data.request === 'set') result = set(data.params);
      else if (data.request === 'invoke') result = invoke(data.params);
      else {
        var error = { name: 'UnknownRequest', message: 'unknown request ' + data.request };
        post({ id: data.id, error: error }, what, error);
        return;
      }
      post({ id: data.id, result: result }, what, result);
      return;
    }
    var key = String(data.key || '');
    var m;
    if (key === 'iframe.handshake') {
      register();
    } else if ((m = /^iframe\.(on|off):(.+)$/.exec(key))) {
      var count = data.message && typeof data.message.subscriberCount === 'number' ? data.message.subscriberCount : 0;
      window.__simSubscriptions[m[2]] = count;
    } else if ((m = /^iframe\.trigger:(.+)$/.exec(key))) {
      window.__simTriggers.push({ name: m[1], message: data.message });
    } else if ((m = /^request:(\d+)$/.exec(key))) {
      request(m[1], data.message);
    } else if ((m = /^iframe\.reply:(.+)$/.exec(key))) {
      // The SDK sets `error: {msg}` when a handler failed; otherwise the reply carries no value.
      window.__simReplies.push({ name: m[1], message: data.message, error: data.error === undefined ? null : data.error });
    }
    // session.live and __track__ need no answer.
  }

  function register() {
    var s = sessionData();
    post({ key: 'zaf.app.registered', message: { metadata: s.metadata, context: s.context } });
    setStatus('registered');
  }

  function lookup(path) {
    var node = sessionData().data;
    var parts = String(path).split('.');
    for (var i = 0; i < parts.length; i++) {
      if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, parts[i])) {
        return { found: false };
      }
      node = node[parts[i]];
    }
    return { found: true, value: node };
  }

  function unavailable(path) {
    return { name: 'APIUnavailable', message: 'Could not find handler for: "' + path + '"', path: path };
  }

  function get(paths) {
    var result = { errors: {} };
    (Array.isArray(paths) ? paths : [paths]).forEach(function (path) {
      var hit = lookup(path);
      if (hit.found) result[path] = hit.value;
      else result.errors[path] = unavailable(path);
    });
    return result;
  }

  function set(params) {
    var result = { errors: {} };
    Object.keys(params || {}).forEach(function (path) {
      window.__simSets.push({ path: path, value: params[path] });
      var parts = path.split('.');
      var leaf = parts.pop();
      var parent = parts.length ? lookup(parts.join('.')) : { found: true, value: sessionData().data };
      if (parent.found && parent.value && typeof parent.value === 'object' && parts.length) {
        parent.value[leaf] = params[path];
        result[path] = params[path];
      } else {
        result.errors[path] = unavailable(path);
      }
    });
    return result;
  }

  function px(v) {
    if (typeof v === 'number') return v + 'px';
    if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return v + 'px';
    return v;
  }

  function invoke(params) {
    var result = { errors: {} };
    Object.keys(params || {}).forEach(function (name) {
      var args = params[name];
      window.__simInvokes.push({ name: name, args: args });
      if (name === 'resize') {
        var size = (Array.isArray(args) ? args[0] : args) || {};
        var f = frame();
        if (size.height !== undefined && size.height !== null) f.style.height = px(size.height);
        if (size.width !== undefined && size.width !== null) f.style.width = px(size.width);
        window.__simResizes.push({ width: size.width, height: size.height });
      }
      // track, notify and the rest are acknowledged.
      result[name] = null;
    });
    return result;
  }

  function request(n, options) {
    var s = sessionData();
    setStatus('request ' + n + ' …');
    fetch('/sim/proxy', {
      method: 'POST',
      // The key proves this is the host page: the simulator refuses its endpoints to the app.
      headers: { 'content-type': 'application/json', 'x-deskset-sim-host': s.hostKey || '' },
      body: JSON.stringify({ session: s.session, options: options })
    })
      .then(function (r) {
        if (!r.ok) throw new Error('simulator answered ' + r.status);
        return r.json();
      })
      .then(function (answer) {
        var key = 'zaf.request:' + n + (answer.done ? '.done' : '.fail');
        var first = (answer.args || [])[0];
        post({ key: key, message: { responseArgs: answer.args } }, { key: key }, {
          url: options && options.url,
          status: first && typeof first === 'object' ? first.status : null
        });
        setStatus('request ' + n + ' ' + (answer.done ? 'done' : 'failed'));
      })
      .catch(function (err) {
        var key = 'zaf.request:' + n + '.fail';
        post({
          key: key,
          message: { responseArgs: [{ status: 0, statusText: 'error', responseText: String(err), responseJSON: null }] }
        }, { key: key }, { url: options && options.url, status: 0 });
        setStatus('request ' + n + ' failed: ' + err);
      });
  }

  // Lets tests and developers fire a ZAF event at the app, e.g. __simTrigger('ticket.saved', {}).
  // With needsReply the app answers iframe.reply:<name>, recorded in window.__simReplies.
  window.__simTrigger = function (name, message, needsReply) {
    var msg = { key: 'zaf.' + name, message: message };
    if (needsReply) msg.needsReply = true;
    window.__simFired.push({ name: name, message: message });
    post(msg);
  };

  // ticket_sidebar only: makes the account's user `key` the ticket's requester, as an agent does in
  // Zendesk. `get('ticket.requester')` answers the new user from then on, and the app gets
  // ticket.requester.id.changed (the new id) and ticket.requester.email.changed (the new email or
  // null), each only when that value changed. Returns the new requester.
  window.__simSetRequester = function (key) {
    var s = sessionData();
    var people = s.people || {};
    if (!s.data || !s.data.ticket) throw new Error('__simSetRequester: no ticket here (ticket_sidebar only)');
    if (!Object.prototype.hasOwnProperty.call(people, key)) {
      throw new Error('__simSetRequester: no user ' + JSON.stringify(key) + '; known: ' + Object.keys(people).join(', '));
    }
    var before = s.data.ticket.requester || {};
    // A copy: the app's `set` calls must not write through to the list of people.
    var after = JSON.parse(JSON.stringify(people[key]));
    s.data.ticket.requester = after;
    var beforeEmail = before.email === undefined ? null : before.email;
    if (before.id !== after.id) window.__simTrigger('ticket.requester.id.changed', after.id);
    if (beforeEmail !== after.email) window.__simTrigger('ticket.requester.email.changed', after.email);
    var select = document.getElementById('sim-requester');
    if (select) select.value = key;
    setStatus('requester: ' + after.name);
    return after;
  };

  function setStatus(text) {
    var el = document.getElementById('sim-status');
    if (el) el.textContent = text;
  }

  // ---- toolbar ---------------------------------------------------------------------------------

  function option(select, value, label, selected) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    if (selected) o.selected = true;
    select.appendChild(o);
  }

  function field(toolbar, name, label, options, current) {
    var wrap = document.createElement('label');
    wrap.textContent = label + ' ';
    var select = document.createElement('select');
    select.name = name;
    select.id = 'sim-' + name;
    options.forEach(function (o) {
      option(select, o[0], o[1], String(o[0]) === String(current === null || current === undefined ? '' : current));
    });
    select.addEventListener('change', function () {
      reload(name, select.value);
    });
    wrap.appendChild(select);
    toolbar.appendChild(wrap);
  }

  // Changes the open ticket's requester live (no reload), through __simSetRequester.
  function requesterField(toolbar, s) {
    var people = s.people || {};
    var requester = (s.data.ticket && s.data.ticket.requester) || {};
    var keys = Object.keys(people);
    var current = keys.filter(function (k) { return people[k].id === requester.id; })[0];
    var wrap = document.createElement('label');
    wrap.textContent = 'Requester ';
    var select = document.createElement('select');
    select.name = 'requester';
    select.id = 'sim-requester';
    select.title = 'Changes the requester of this ticket on this page only (fires ticket.requester.*.changed)';
    keys.forEach(function (k) {
      option(select, k, people[k].name + ' (' + (people[k].email || 'no email') + ')', k === current);
    });
    select.addEventListener('change', function () {
      window.__simSetRequester(select.value);
    });
    wrap.appendChild(select);
    toolbar.appendChild(wrap);
  }

  function reload(changed, value) {
    var s = sessionData();
    var params = new URLSearchParams(window.location.search);
    params.set(changed, value);
    if (changed === 'account') {
      params.delete('user');
      params.delete('plan');
      params.delete('ticket');
      params.delete('viewed_user');
    }
    if (value === '') params.delete(changed);
    if (!params.get('location')) params.set('location', s.switches.location);
    window.location.search = params.toString();
  }

  function buildToolbar() {
    var s = sessionData();
    var toolbar = document.getElementById('sim-toolbar');
    if (!toolbar || !s.choices) return;
    var sw = s.switches;
    var account = s.choices.accounts.filter(function (a) {
      return a.subdomain === sw.account;
    })[0];
    field(toolbar, 'location', 'Location', s.choices.locations.map(function (l) { return [l, l]; }), sw.location);
    field(toolbar, 'account', 'Account', s.choices.accounts.map(function (a) { return [a.subdomain, a.subdomain]; }), sw.account);
    if (account) {
      field(toolbar, 'user', 'User', account.users.map(function (u) { return [u.key, u.name + ' (' + u.key + ')']; }), sw.user);
      field(toolbar, 'plan', 'Plan', s.choices.plans.map(function (p) { return [p, p]; }), account.plan);
      var planSelect = document.getElementById('sim-plan');
      // The plan switch changes the simulated account itself (like POST /sim/accounts), not just
      // this page: it stays until changed again or POST /sim/reset.
      planSelect.title = "Changes the account's plan in the simulator (every page and request) until changed again or reset";
      planSelect.parentNode.appendChild(document.createTextNode(' (account-wide, until reset)'));
    }
    field(toolbar, 'locale', 'Locale', [['', "user's"]].concat(s.choices.locales.map(function (l) { return [l, l]; })), sw.locale);
    if (account && sw.location === 'ticket_sidebar') {
      field(toolbar, 'ticket', 'Ticket', account.tickets.map(function (t) { return [t, '#' + t]; }), s.context.ticketId);
      requesterField(toolbar, s);
    }
    if (account && sw.location === 'user_sidebar') {
      var current = account.endUsers.concat(account.users).filter(function (u) { return u.key === sw.viewed_user; })[0];
      field(toolbar, 'viewed_user', 'Viewing', account.endUsers.concat(account.users).map(function (u) { return [u.key, u.name]; }),
        current ? current.key : (account.endUsers[0] || {}).key);
    }
    var status = document.createElement('span');
    status.id = 'sim-status';
    status.textContent = 'waiting for the app';
    toolbar.appendChild(status);

    var stage = document.getElementById('sim-stage');
    var loc = sw.location;
    stage.className = /_sidebar$/.test(loc) ? 'sidebar ' + loc : loc;
    var f = frame();
    // No app here (no app declares the location, or its role restrictions leave the user out).
    if (!f) {
      status.textContent = 'no app here';
      return;
    }
    // An early resize from the app wins over the default size.
    if (window.__simResizes.length) return;
    if (loc === 'nav_bar') f.style.height = Math.max(400, window.innerHeight - 70) + 'px';
    else if (loc === 'background') f.style.height = '0px';
    else f.style.height = '200px';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', buildToolbar);
  else buildToolbar();
})();
