#!/usr/bin/python3
"""test_dashboard.py: the dashboard page (web/) in Debian's headless Chromium against the real stack.

Opens /dashboard/ on an empty stack, loads demo data (pebactl demo), opens it again and checks, in order:
  * every panel shows the numbers that the API answers to the same request (read from the page, compared
    with what this test fetches itself), for community data, then for private data chosen by keyboard;
  * no console errors and no failed network requests meanwhile;
  * a phone-sized window needs no sideways scrolling, and the dark scheme follows the system setting;
  * with memcached flushed and the engine paused, switching the chart window makes those panels show their
    "stale since" notice while the others keep their numbers; after the engine is back they recover.
A screenshot of the light page with community data goes to $PEBA_RUNDIR/dashboard.png.

Runs with Debian's python3 (python3-selenium) and chromium-driver. Environment (tests/CMakeLists.txt):
PEBA_RUNDIR (the stack's run directory with `env`), PEBACTL, PEBA_SOURCE_DIR.
"""
import base64
import configparser
import html
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

DEMO_ALERTS = 20000  # as stack/demo: about 60 private messages among 200, some in every window
WAIT_S = 40
PANELS = ('counters', 'map', 'ticker', 'per-day', 'per-type', 'countries', 'urls', 'ports')
# panels whose requests follow the chart window (7 or 30 days), and those the domain switch changes
WINDOWED = ('per-day', 'per-type', 'urls', 'ports')
DOMAIN_PANELS = ('counters', 'map', 'ticker', 'per-day', 'per-type', 'countries')
DOMAIN_SCOPE = {'1': 'community data', '0': 'private data', '-1': 'community and private data'}
# Chromium on a closed network: no sandbox (root), and no background connections to Google's services,
# which the network refuses.
CHROMIUM_ARGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--disable-dev-shm-usage', '--window-size=1280,1000')
WIDTH = 1280


def step(text):
    print(f'-- {text}', flush=True)


def fail(text):
    raise AssertionError(text)


def expect_equal(what, page, api):
    if page != api:
        fail(f'{what}: the page shows\n  {page}\nbut the API answers\n  {api}')


# ---- the stack ----

class Stack:
    """The stack that stack/up started (RUNDIR/env) and the workers' configuration."""

    def __init__(self):
        self.rundir = os.environ['PEBA_RUNDIR']
        self.source = os.environ['PEBA_SOURCE_DIR']
        with open(os.path.join(self.rundir, 'env'), encoding='utf-8') as f:
            self.env = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line)
        config = configparser.ConfigParser(inline_comment_prefixes=(';',))
        config.read(self.env['CONFIG'], encoding='utf-8')
        self.alert_index = config.get('elasticsearch', 'alert_index', fallback='ews')
        self.user_index = config.get('elasticsearch', 'user_index', fallback='users')
        self.http_url = self.env['HTTP_URL']

    def engine(self, method, path, body=None):
        request = urllib.request.Request(self.env['ES_URL'] + path, method=method,
                                         data=body.encode() if body else None,
                                         headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as err:
            return err.code

    def flush_cache(self):
        """Both caches, as the integration tests' harness_flush_cache: memcached, and nginx's files."""
        host, port = self.env['MC'].rsplit(':', 1)
        with socket.create_connection((host, int(port)), timeout=5) as mc:
            mc.sendall(b'flush_all\r\n')
            if mc.recv(64) != b'OK\r\n':
                fail('memcached flush_all failed')
        for folder, _, files in os.walk(os.path.join(self.rundir, 'nginx-cache')):
            for name in files:
                os.remove(os.path.join(folder, name))

    def reset(self):
        """No alerts, no users, an empty cache (as the integration tests' harness_reset)."""
        status = self.engine('DELETE', f'/{self.alert_index}-*.*.*-*?expand_wildcards=all')
        if status != 200:
            fail(f'deleting the alert indices: {status}')
        status = self.engine('POST', f'/{self.user_index}/_delete_by_query?refresh=true&conflicts=proceed',
                             '{"query":{"match_all":{}}}')
        if status not in (200, 404):
            fail(f'deleting the users: {status}')
        self.flush_cache()

    def load_demo(self):
        run = subprocess.run([os.environ['PEBACTL'], '--config', self.env['CONFIG'], 'demo',
                              '--alerts', str(DEMO_ALERTS), '--days', '30', '--url', self.http_url],
                             capture_output=True, text=True, timeout=120)
        print(run.stdout + run.stderr, end='')
        if run.returncode != 0:
            fail(f'pebactl demo exited with {run.returncode}')
        # searchable now, not at the engine's next refresh: an empty answer asked a moment too early would be
        # cached for its TTL, and the page and this test would agree on it
        status = self.engine('POST', f'/{self.alert_index}-*/_refresh')
        if status != 200:
            fail(f'refreshing the alert indices: {status}')

    def es_ctl(self, verb):
        subprocess.run([os.path.join(self.source, 'stack', 'es-ctl'), self.rundir, verb], check=True, timeout=60)

    def wait_for_engine(self, seconds=60):
        """Until peba reaches the engine again: after a failure its breaker waits before it tries the engine."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(self.http_url + '/heartbeat', timeout=10) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as err:
                if err.code != 503:
                    fail(f'/heartbeat answered {err.code} while the engine came back')
            if time.monotonic() > deadline:
                fail(f'peba did not reach the engine within {seconds} s')
            time.sleep(0.2)

    def api(self, route, params):
        url = f'{self.http_url}/alert/{route}?{urllib.parse.urlencode(params)}'
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)


# ---- what the page shows ----

# One read of every panel, as text from the DOM (the visible text; a ticker time also by its datetime).
READ_PAGE = """
const text = (node) => (node ? node.textContent : null);
const cells = (selector) => [...document.querySelectorAll(selector)].map(
  (tr) => [...tr.children].map((cell) => cell.textContent));
const bars = (list) => [...list.querySelectorAll('li')].map((li) => ({
  label: text(li.querySelector('.bar-label').firstChild), note: text(li.querySelector('.bar-note')),
  value: text(li.querySelector('.bar-value'))}));
const panels = {};
for (const section of document.querySelectorAll('section.panel')) {
  const notice = section.querySelector('.panel-notice');
  panels[section.id] = {status: section.dataset.status, scope: text(section.querySelector('.panel-scope')),
                        notice: notice.hidden ? '' : notice.textContent};
}
return {
  panels,
  counters: Object.fromEntries([...document.querySelectorAll('#counters dd')].map(
    (dd) => [dd.dataset.minutes, dd.textContent])),
  ticker: [...document.querySelectorAll('#ticker li')].map((li) => ({
    time: li.querySelector('time').getAttribute('datetime'), type: text(li.querySelector('.t-type')),
    from: text(li.querySelector('.t-from')), to: text(li.querySelector('.t-to')),
    request: text(li.querySelector('.t-request'))})),
  map: cells('#map .numbers tbody tr'),
  perDay: cells('#per-day .numbers tbody tr'),
  perTypeHead: cells('#per-type .numbers thead tr')[0] ?? [],
  perType: cells('#per-type .numbers tbody tr'),
  countries: [...document.querySelectorAll('#countries ol.bars')].map(bars),
  urls: [...document.querySelectorAll('#urls ol.bars')].flatMap(bars),
  ports: [...document.querySelectorAll('#ports ol.bars')].flatMap(bars),
};
"""


def number(text):
    """A count as the page prints it in the reader's locale ("2,722")."""
    digits = re.sub(r'\D', '', text or '')
    if not digits:
        fail(f'no number in {text!r}')
    return int(digits)


def utc_day(stamp):
    return stamp[:10]


class Dashboard:
    def __init__(self, driver, stack):
        self.driver = driver
        self.stack = stack
        self.network = Network(driver, stack.http_url + '/')

    def open(self):
        self.driver.get_log('browser')  # Chromium's own start-up is not the page's doing
        self.driver.get(f'{self.stack.http_url}/dashboard/')
        self.wait_for(lambda page: all(page['panels'][p]['status'] == 'fresh' for p in PANELS),
                      'every panel drawn')

    def read(self):
        return self.driver.execute_script(READ_PAGE)

    def wait_for(self, condition, what):
        deadline = time.monotonic() + WAIT_S
        while True:
            page = self.read()
            if condition(page):
                return page
            if time.monotonic() > deadline:
                fail(f'waited {WAIT_S} s for {what}; panels: {json.dumps(page["panels"], indent=1)}')
            time.sleep(0.2)

    def press(self, key):
        ActionChains(self.driver).send_keys(key).perform()

    def keyboard_choose(self, name, value):
        """Tabs from the page's title to the radio group `name` and arrows to `value`, as a keyboard user would."""
        # a click on the title makes it the starting point of the Tab key
        ActionChains(self.driver).move_to_element(self.driver.find_element(By.TAG_NAME, 'h1')).click().perform()
        for _ in range(10):
            self.press(Keys.TAB)
            if self.driver.execute_script('return document.activeElement.name') == name:
                break
        else:
            fail(f'the {name} switch is not reachable with the Tab key')
        for _ in range(4):
            if self.driver.execute_script('return document.activeElement.value') == value:
                return
            self.press(Keys.ARROW_RIGHT)
        fail(f'the arrow keys do not reach {name}={value}')


# ---- each panel against the API ----

def check_counters(page, stack, ci):
    for minutes in ('1', '60', '1440'):
        answer = stack.api('retrieveAlertsCount', {'time': minutes, 'out': 'json', 'ci': ci})
        expect_equal(f'alerts in the last {minutes} minutes', number(page['counters'].get(minutes)),
                     answer['AlertCount'])


def check_ticker(page, stack, ci):
    alerts = stack.api('retrieveAlertsJson', {'ci': ci})['alerts']
    expected = [{'time': a['dateCreated'].replace(' ', 'T') + 'Z', 'type': a['analyzerType'],
                 'from': a['country'] or '–', 'to': a['targetCountry'] or '–',
                 'request': html.unescape(a['requestString'])} for a in alerts]
    expect_equal('the ticker', page['ticker'], expected)


def check_map(page, stack, ci):
    expected = []
    for direction, kind in (('src', 'Attack sources'), ('dst', 'Attacked honeypots')):
        answer = stack.api('retrieveLatLonAttacks', {'direction': direction, 'topx': 25, 'ci': ci})
        expected += [(kind, p['lat'], p['lng'], p['count']) for p in answer[0]['latLonAttacks']]
    shown = [(kind, lat, lng, number(count)) for kind, lat, lng, count in page['map']]
    expect_equal('the map\'s places', shown, expected)
    if not shown:
        fail('the map shows no place at all')


def check_per_day(page, stack, ci, days):
    answer = stack.api('datasetAlertsPerMonth', {'days': days, 'ci': ci})[0]['datasetAlertsPerMonth']
    expect_equal('alerts per day', [(day, number(n)) for day, n in page['perDay']],
                 [(utc_day(stamp), n) for stamp, n in answer.items()])


def check_per_type(page, stack, ci, days):
    answer = stack.api('datasetAlertTypesPerMonth', {'days': days, 'ci': ci})[0]['datasetAlertsPerMonth']
    types = page['perTypeHead'][1:]
    expect_equal('the honeypot types', sorted(types), sorted({t for per_type in answer.values() for t in per_type}))
    shown = {(row[0], t): number(n) for row in page['perType'] for t, n in zip(types, row[1:])}
    expected = {(utc_day(stamp), t): per_type.get(t, 0) for stamp, per_type in answer.items() for t in types}
    expect_equal('alerts per day and type', shown, expected)


def check_countries(page, stack, ci):
    answer = stack.api('topCountriesAttacks', {'topx': 10, 'ci': ci})[0]
    for shown, key in zip(page['countries'], ('attacksPerCountry', 'attacksToTargetCountry')):
        expect_equal(key, [(c['note'], number(c['value'])) for c in shown],
                     [(c['code'], c['count']) for c in answer[key]])


def check_tops(page, stack, days):
    for panel, kind in (('urls', 'urls'), ('ports', 'destports')):
        answer = stack.api('tops', {'type': kind, 'days': '28' if days == '30' else days, 'topx': 10})
        shown = [(item['label'], number(item['value'])) for item in page[panel]]
        expect_equal(f'top {kind} (any order)', sorted(shown), sorted((k, v['total']) for k, v in answer.items()))
        values = [v for _, v in shown]
        if values != sorted(values, reverse=True):
            fail(f'top {kind} are not ranked by count: {shown}')


def check_all(page, stack, ci, days):
    check_counters(page, stack, ci)
    check_ticker(page, stack, ci)
    check_map(page, stack, ci)
    check_per_day(page, stack, ci, days)
    check_per_type(page, stack, ci, days)
    check_countries(page, stack, ci)
    check_tops(page, stack, days)


# ---- the browser ----

@contextmanager
def chromium(user_data_dir):
    options = webdriver.ChromeOptions()
    options.binary_location = '/usr/bin/chromium'
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f'--user-data-dir={user_data_dir}')
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
    driver = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver):
    return [e['message'] for e in driver.get_log('browser') if e['level'] == 'SEVERE']


class Network:
    """The page's own requests, from Chromium's performance log. Chromium's start page also tries to reach
    the internet, so only requests that a document of the stack's origin made count."""

    def __init__(self, driver, origin):
        self.driver = driver
        self.origin = origin
        self.mine = {}  # requestId -> URL

    def problems(self):
        """Since the last call: requests that failed, answered an error status, or left the origin."""
        problems = []
        for entry in self.driver.get_log('performance'):
            message = json.loads(entry['message'])['message']
            method, params = message['method'], message.get('params', {})
            if method == 'Network.requestWillBeSent' and params['documentURL'].startswith(self.origin):
                url = params['request']['url']
                self.mine[params['requestId']] = url
                if not url.startswith((self.origin, 'data:')):
                    problems.append(f'request to another origin: {url}')
            elif params.get('requestId') not in self.mine:
                continue
            elif method == 'Network.responseReceived' and params['response']['status'] >= 400:
                problems.append(f'{params["response"]["status"]} {params["response"]["url"]}')
            elif method == 'Network.loadingFailed':
                problems.append(f'{params["errorText"]} {self.mine[params["requestId"]]}')
        return problems

    def expect_clean(self, when):
        errors = console_errors(self.driver)
        if errors:
            fail(f'console errors {when}:\n  ' + '\n  '.join(errors))
        problems = self.problems()
        if problems:
            fail(f'failed requests {when}:\n  ' + '\n  '.join(problems))


def screenshot(driver, path):
    """The whole page, not only the window."""
    size = driver.execute_cdp_cmd('Page.getLayoutMetrics', {})['cssContentSize']
    shot = driver.execute_cdp_cmd('Page.captureScreenshot', {
        'format': 'png', 'captureBeyondViewport': True,
        'clip': {'x': 0, 'y': 0, 'width': size['width'], 'height': size['height'], 'scale': 1}})
    with open(path, 'wb') as f:
        f.write(base64.b64decode(shot['data']))


def luminance(css_color):
    r, g, b = (int(v) for v in re.findall(r'\d+', css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def main():
    stack = Stack()
    stack.reset()
    with tempfile.TemporaryDirectory(prefix='peba-chromium-') as profile, chromium(profile) as driver:
        page = Dashboard(driver, stack)
        try:
            run(page)
        except BaseException:
            driver.save_screenshot(os.path.join(stack.rundir, 'dashboard-failure.png'))
            raise
    print('PASS')


def run(page):
    driver, stack = page.driver, page.stack
    step('no alerts at all: every panel drawn')
    page.open()
    page.network.expect_clean('loading the page without alerts')

    step('loading demo data')
    stack.load_demo()
    stack.flush_cache()  # the empty answers of the step before

    step('community data: every panel against the API')
    started = time.monotonic()
    page.open()
    print(f'   all panels drawn {time.monotonic() - started:.1f} s after opening the page')
    shown = page.read()
    check_all(shown, stack, '1', '7')
    page.network.expect_clean('loading the page')
    screenshot(driver, os.path.join(stack.rundir, 'dashboard.png'))

    step('private data, chosen by keyboard')
    community = shown
    page.keyboard_choose('ci', '0')
    shown = page.wait_for(lambda p: all(p['panels'][i]['scope'].startswith(DOMAIN_SCOPE['0'])
                                        and p['panels'][i]['status'] == 'fresh' for i in DOMAIN_PANELS),
                          'the panels to show private data')
    check_all(shown, stack, '0', '7')
    if shown['counters'] == community['counters'] and shown['perDay'] == community['perDay']:
        fail('the domain switch changed no number')
    if 'ci=0' not in driver.current_url:
        fail(f'the address does not keep the domain: {driver.current_url}')
    page.network.expect_clean('switching the domain')

    step('a phone-sized window and the dark scheme')
    driver.set_window_size(390, 844)
    overflow = driver.execute_script('return document.documentElement.scrollWidth - window.innerWidth')
    if overflow > 0:
        fail(f'at 390 px the page is {overflow} px wider than the window')
    driver.set_window_size(WIDTH, 1000)
    light = driver.execute_script('return getComputedStyle(document.body).backgroundColor')
    driver.execute_cdp_cmd('Emulation.setEmulatedMedia',
                           {'features': [{'name': 'prefers-color-scheme', 'value': 'dark'}]})
    dark = driver.execute_script('return getComputedStyle(document.body).backgroundColor')
    if not luminance(dark) < 60 < luminance(light):
        fail(f'the dark scheme does not apply: background {light} in light, {dark} in dark')
    screenshot(driver, os.path.join(stack.rundir, 'dashboard-dark.png'))
    driver.execute_cdp_cmd('Emulation.setEmulatedMedia', {'features': []})
    page.network.expect_clean('resizing and changing the scheme')

    step('the engine paused: the panels that must fetch go stale, the others keep their numbers')
    before = page.read()
    stack.flush_cache()  # nothing may answer the new window from a cache
    stack.es_ctl('pause')
    try:
        page.keyboard_choose('days', '30')
        shown = page.wait_for(lambda p: all(p['panels'][i]['status'] == 'stale' for i in WINDOWED),
                              'the stale notices')
        screenshot(driver, os.path.join(stack.rundir, 'dashboard-stale.png'))
    finally:
        stack.es_ctl('resume')
    stack.wait_for_engine()
    for panel in WINDOWED:
        notice = shown['panels'][panel]['notice']
        if not re.match(r'Stale since \d\d:\d\d:\d\d: the update failed \(5\d\d\b', notice):
            fail(f'{panel}: notice {notice!r}')
        if shown['panels'][panel]['scope'] != before['panels'][panel]['scope']:
            fail(f'{panel}: the scope line no longer describes the numbers shown')
    expect_equal('per-day numbers kept while stale', shown['perDay'], before['perDay'])
    for key in ('counters', 'ticker', 'map', 'countries'):
        expect_equal(f'{key} while the engine is paused', shown[key], before[key])
    errors = [e for e in console_errors(driver) if not re.search(r' 50[34] ', e)]
    if errors:
        fail('console errors besides the failed requests:\n  ' + '\n  '.join(errors))
    page.network.problems()  # those failures were the point

    step('the engine back: the panels recover')
    page.keyboard_choose('days', '7')
    shown = page.wait_for(lambda p: all(p['panels'][i]['status'] == 'fresh' for i in WINDOWED), 'fresh panels')
    # (the other panels' answers were flushed from the cache and would be counted anew, at another moment)
    check_per_day(shown, stack, '0', '7')
    check_per_type(shown, stack, '0', '7')
    check_tops(shown, stack, '7')
    page.network.expect_clean('recovering')


if __name__ == '__main__':
    try:
        main()
    except AssertionError as err:
        print(f'FAIL: {err}', file=sys.stderr)
        sys.exit(1)
