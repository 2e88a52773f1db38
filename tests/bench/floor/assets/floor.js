// The bench's floor: what the measured screens need and nothing else, as plain DOM (README.md).
// nav_bar: the Roles table (the console's markup hooks). ticket_sidebar: the Autotask tile for the
// ticket's requester, with the tile's own requests and a Refresh that sends only the tickets query.
(function () {
  'use strict';

  var client = window.ZAFClient && window.ZAFClient.init();
  if (!client) {
    document.body.textContent = 'Open this inside Zendesk.';
    return;
  }

  // The options deskset's transport sends (domain/src/zaf_wire.rs request_options).
  function options(url, type, body, headers) {
    var o = { url: url, type: type, httpCompleteResponse: true, autoRetry: false, timeout: 30000 };
    if (body !== undefined) {
      o.data = JSON.stringify(body);
      o.contentType = 'application/json';
    }
    if (headers) {
      o.headers = headers;
      o.secure = true;
    }
    return o;
  }

  // A request's JSON answer; rejects on a non-2xx answer.
  function json(opts) {
    return client.request(opts).then(function (r) {
      if (!(r.status >= 200 && r.status < 300)) throw new Error('HTTP ' + r.status);
      if (r.responseJSON !== undefined && r.responseJSON !== null) return r.responseJSON;
      return r.responseText ? JSON.parse(r.responseText) : null;
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function fail(err) {
    document.body.setAttribute('data-state', 'error');
    document.body.textContent = 'floor: ' + err;
  }

  // domain/src/time.rs relative: the nearest whole unit, rolled over at the unit's end.
  var UNITS = [
    [60, 1, 'second'],
    [3600, 60, 'minute'],
    [86400, 3600, 'hour'],
    [30 * 86400, 86400, 'day'],
    [365 * 86400, 30 * 86400, 'month'],
    [Infinity, 365 * 86400, 'year']
  ];
  var ROLL = { second: [60, 'minute'], minute: [60, 'hour'], hour: [24, 'day'], day: [30, 'month'], month: [12, 'year'] };

  // Formatters built once per screen and locale.
  function formatters(locale) {
    var rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    var dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
    return {
      relative: function (then, now) {
        var secs = Math.round((then - now) / 1000);
        var abs = Math.abs(secs);
        var u = 0;
        while (abs >= UNITS[u][0]) u++;
        var size = UNITS[u][1];
        var unit = UNITS[u][2];
        var n = Math.floor((abs + Math.floor(size / 2)) / size);
        if (ROLL[unit] && n === ROLL[unit][0]) {
          n = 1;
          unit = ROLL[unit][1];
        }
        return rtf.format(secs < 0 ? -n : n, unit);
      },
      full: function (then) {
        return dtf.format(then);
      }
    };
  }

  // A <time> with the full date as its title, or nothing for an unreadable date.
  function time(iso, f, now) {
    var then = Date.parse(iso);
    if (isNaN(then)) return document.createTextNode(iso);
    return el('time', { datetime: iso, title: f.full(then) }, f.relative(then, now));
  }

  // ---- nav_bar: the Roles table ---------------------------------------------------------------

  function roles() {
    // Both leave together (the SDK queues them until registration).
    var user = client.get('currentUser');
    var list = json(options('/api/v2/custom_roles', 'GET'));
    Promise.all([user, list])
      .then(function (got) {
        renderRoles(got[0].currentUser, got[1].custom_roles || []);
      })
      .catch(fail);
  }

  function renderRoles(user, all) {
    var locale = (user && user.locale) || 'en-US';
    var f = formatters(locale);
    var compare = new Intl.Collator(locale, { sensitivity: 'base', numeric: true }).compare;
    var now = Date.now();
    all = all.slice().sort(function (a, b) {
      return compare(a.name || '', b.name || '');
    });
    var table = el('table', { class: 'c-table ds-table', 'data-testid': 'roles-table' });
    var head = el('tr', { class: 'c-table__row c-table__row--header' });
    [['', 'ds-pick'], ['Name'], ['Description'], ['Agents', 'ds-num'], ['Updated']].forEach(function (c) {
      head.appendChild(el('th', { scope: 'col', class: 'c-table__row__cell' + (c[1] ? ' ' + c[1] : '') }, c[0]));
    });
    table.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    for (var i = 0; i < all.length; i++) {
      var role = all[i];
      var tr = el('tr', { class: 'c-table__row' });
      var pick = el('td', { class: 'c-table__row__cell ds-pick' });
      pick.appendChild(el('input', { type: 'checkbox', 'aria-label': 'Pick ' + role.name }));
      tr.appendChild(pick);
      var name = el('th', { scope: 'row', class: 'c-table__row__cell ds-name' });
      name.appendChild(el('button', { type: 'button', class: 'ds-link' }, role.name));
      tr.appendChild(name);
      tr.appendChild(el('td', { class: 'c-table__row__cell ds-muted' }, role.description || ''));
      tr.appendChild(el('td', { class: 'c-table__row__cell ds-num' }, String(role.team_member_count || 0)));
      var updated = el('td', { class: 'c-table__row__cell' });
      if (role.updated_at) updated.appendChild(time(role.updated_at, f, now));
      tr.appendChild(updated);
      body.appendChild(tr);
    }
    table.appendChild(body);
    var root = el('div', { 'data-state': 'ready' });
    root.appendChild(el('p', { class: 'ds-count' }, all.length + ' of ' + all.length + ' roles'));
    root.appendChild(table);
    document.body.appendChild(root);
  }

  // ---- ticket_sidebar: the Autotask tile --------------------------------------------------------

  var ZONE_LOOKUP = 'https://webservices.autotask.net/atservicesrest/V1.0/zoneInformation';
  var CONTACT_FIELDS = ['id', 'firstName', 'lastName', 'emailAddress', 'emailAddress2', 'emailAddress3', 'isActive', 'companyID'];
  var TICKET_FIELDS = ['id', 'ticketNumber', 'title', 'status', 'priority', 'createDate', 'lastActivityDate', 'contactID'];

  // domain/src/time.rs iso8601: whole seconds, UTC.
  function iso(secs) {
    return new Date(secs * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  function slash(url) {
    return /\/$/.test(url) ? url : url + '/';
  }

  // What a warm load reuses: the zone, the contact, the picklists (memory only).
  var known = null;

  function tile(settings) {
    var username = String(settings.autotask_username || '').trim();
    var own = settings.autotask_use_own_code === true || String(settings.autotask_use_own_code).trim().toLowerCase() === 'true';
    var days = Number(settings.autotask_window_days) > 0 ? Math.min(Number(settings.autotask_window_days), 3650) : 90;
    var section = el('section', { class: 'ds-tile', 'data-testid': 'autotask-tile', 'data-state': 'loading', 'aria-busy': 'true' });
    var refresh = el('button', { type: 'button', class: 'c-btn c-btn--sm c-btn--basic', 'data-testid': 'autotask-refresh' }, 'Refresh');
    section.appendChild(el('h2', { class: 'ds-tile__title' }, settings.autotask_connection_name || 'Autotask'));
    section.appendChild(refresh);
    var list = el('ul', { class: 'ds-tickets', 'data-testid': 'autotask-tickets' });
    section.appendChild(list);
    document.body.appendChild(section);
    if (!username || !own) {
      section.setAttribute('data-state', 'not-configured');
      section.setAttribute('aria-busy', 'false');
      return;
    }
    var headers = {
      ApiIntegrationCode: '{{setting.autotask_integration_code}}',
      UserName: username,
      Secret: '{{setting.autotask_secret}}'
    };

    function ticketsAndLists(zone, contactId, lists) {
      var since = iso(Math.floor(Date.now() / 1000) - days * 86400);
      var query = {
        MaxRecords: 500,
        IncludeFields: TICKET_FIELDS,
        filter: [
          { op: 'eq', field: 'contactID', value: contactId },
          { op: 'gte', field: 'lastActivityDate', value: since }
        ]
      };
      var tickets = json(options(zone.url + 'V1.0/Tickets/query', 'POST', query, headers));
      var picklists = lists
        ? Promise.resolve(lists)
        : json(options(zone.url + 'V1.0/Tickets/entityInformation/fields', 'GET', undefined, headers)).then(readPicklists, function () {
            return {};
          });
      return Promise.all([tickets, picklists]);
    }

    function show(zone, items, lists) {
      var f = formatters('en-US');
      var now = Date.now();
      items = (items || []).slice().sort(function (a, b) {
        var x = a.lastActivityDate || '';
        var y = b.lastActivityDate || '';
        return x < y ? 1 : x > y ? -1 : 0;
      });
      var fresh = el('ul', { class: 'ds-tickets', 'data-testid': 'autotask-tickets' });
      for (var i = 0; i < items.length; i++) {
        var t = items[i];
        if (typeof t.id !== 'number') continue;
        var li = el('li', { class: 'ds-ticket', 'data-ticket-id': String(t.id) });
        var a = el('a', {
          href: zone.webUrl + 'ClientPortal/ServiceTickets/ServiceTicketDetail.aspx?ticketID=' + t.id,
          target: '_blank',
          rel: 'noopener noreferrer',
          class: 'ds-ticket__link'
        });
        a.appendChild(el('span', { class: 'ds-ticket__number' }, (t.ticketNumber || '').trim() || String(t.id)));
        a.appendChild(document.createTextNode(' ' + (t.title || '').trim()));
        li.appendChild(a);
        var meta = el('div', { class: 'ds-ticket__meta' });
        meta.appendChild(el('span', { class: 'ds-badge' }, label(lists, 'status', t.status)));
        meta.appendChild(el('span', { class: 'ds-badge' }, label(lists, 'priority', t.priority)));
        if (t.lastActivityDate) meta.appendChild(time(t.lastActivityDate, f, now));
        li.appendChild(meta);
        fresh.appendChild(li);
      }
      section.replaceChild(fresh, list);
      list = fresh;
      section.setAttribute('data-state', items.length ? 'ready' : 'no-tickets');
      section.setAttribute('aria-busy', 'false');
    }

    function failed(err) {
      section.setAttribute('data-state', 'error');
      section.setAttribute('aria-busy', 'false');
      section.appendChild(el('p', null, String(err)));
    }

    // Cold: the requester and the zone together, then the contact, then tickets and picklists.
    var person = client.get('ticket.requester');
    var zone = json(options(ZONE_LOOKUP + '?user=' + encodeURIComponent(username), 'GET')).then(function (z) {
      return { url: slash(z.url), webUrl: slash(z.webUrl) };
    });
    Promise.all([person, zone])
      .then(function (got) {
        var email = String((got[0]['ticket.requester'] || {}).email || '').trim();
        var z = got[1];
        var query = {
          MaxRecords: 2,
          IncludeFields: CONTACT_FIELDS,
          filter: [
            { op: 'eq', field: 'isActive', value: 1 },
            {
              op: 'or',
              items: [
                { op: 'eq', field: 'emailAddress', value: email },
                { op: 'eq', field: 'emailAddress2', value: email },
                { op: 'eq', field: 'emailAddress3', value: email }
              ]
            }
          ]
        };
        return json(options(z.url + 'V1.0/Contacts/query', 'POST', query, headers)).then(function (answer) {
          var want = email.toLowerCase();
          var ids = (answer.items || [])
            .filter(function (c) {
              return (c.isActive === 1 || c.isActive === true) &&
                [c.emailAddress, c.emailAddress2, c.emailAddress3].some(function (e) {
                  return typeof e === 'string' && e.trim().toLowerCase() === want;
                });
            })
            .map(function (c) {
              return c.id;
            });
          if (ids.length !== 1) throw new Error(ids.length ? 'several contacts' : 'no contact');
          return ticketsAndLists(z, ids[0], null).then(function (got) {
            known = { zone: z, contactId: ids[0], lists: got[1] };
            show(z, got[0].items, got[1]);
          });
        });
      })
      .catch(failed);

    // Warm: one request, the tickets query.
    refresh.addEventListener('click', function () {
      if (!known || section.getAttribute('aria-busy') === 'true') return;
      section.setAttribute('aria-busy', 'true');
      ticketsAndLists(known.zone, known.contactId, known.lists)
        .then(function (got) {
          show(known.zone, got[0].items, got[1]);
        })
        .catch(failed);
    });
  }

  function readPicklists(body) {
    var lists = {};
    ((body && body.fields) || []).forEach(function (field) {
      if (field.isPickList && field.name) lists[field.name.toLowerCase()] = field.picklistValues || [];
    });
    return lists;
  }

  function label(lists, field, value) {
    if (value === undefined || value === null) return '';
    var wanted = String(value);
    var hit = (lists[field] || []).filter(function (v) {
      return String(v.value) === wanted;
    })[0];
    return hit && typeof hit.label === 'string' ? hit.label : wanted;
  }

  // The screen is the location's: known from the registration, which also releases the queued
  // messages, so nothing below waits for a round trip of its own.
  Promise.all([client.context(), client.metadata()])
    .then(function (got) {
      if (got[0].location === 'ticket_sidebar') tile(got[1].settings || {});
      else roles();
    })
    .catch(fail);
})();
