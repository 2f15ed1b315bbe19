#!/usr/bin/env python3
"""Generates CloudApps.tsv, the GENERATED cloud-app regression set of the template miner.

Each system lists events as patterns with typed slots, e.g. "Receiving block {blk} src: /{ipport}".
The Loghub-shaped systems are still listed (the seeded random sequence runs through them, so
CloudApps.tsv stays byte-identical) but only CloudApps is written: the Loghub systems are measured
on real lines (../loghub2k). Every value is produced here (seeded):  python3 generate.py
Output line: EVENT_ID <TAB> message  (message escaped: \\ -> \\\\, newline -> \\n, tab -> \\t).
Slots whose real values are plain words ({w:a|b|c}, {user}, {pkg}, {cls}, {proc}) are kept on
purpose: a stateless miner cannot know such a word is variable, and the benchmark must show it.
"""
import random
import re
import os

R = random.Random(20261128)
HERE = os.path.dirname(os.path.abspath(__file__))

def hexs(n): return ''.join(R.choice('0123456789abcdef') for _ in range(n))
def ip(): return '%d.%d.%d.%d' % (R.choice([10, 172, 192, 222, 61, 218]), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
def port(): return str(R.randint(1024, 65535))
def num(): return str(R.choice([R.randint(0, 9), R.randint(10, 99), R.randint(100, 9999)]))
def big(): return str(R.randint(10**5, 10**12))
def flt(): return '%.*f' % (R.choice([1, 2, 3, 7]), R.random() * R.choice([1, 10, 100, 1000]))
def uuid(): return '-'.join(hexs(n) for n in (8, 4, 4, 4, 12))
def blk(): return 'blk_' + R.choice(['', '-']) + str(R.randint(10**17, 9 * 10**18))
def path():
    segs = ['var', 'lib', 'log', 'tmp', 'user', 'root', 'data', 'mnt', 'hadoop', 'opt', 'app', 'srv', 'home', 'etc']
    k = R.randint(2, 6)
    p = '/' + '/'.join(R.choice(segs + [hexs(6), 'part-%05d' % R.randint(0, 999), 'job_%s' % big()]) for _ in range(k))
    return p + R.choice(['', '', '.log', '.jar', '.xml', '/'])
def winpath():
    return 'C:\\Windows\\' + '\\'.join(R.choice(['winsxs', 'Logs', 'CBS', 'servicing', 'System32', 'amd64_microsoft-windows-%s_31bf3856ad364e35_6.1.7601.%d_none_%s' % (R.choice(['servicingstack', 'foo']), R.randint(17000, 24000), hexs(16))]) for _ in range(R.randint(1, 3)))
def host():
    return R.choice(['mesos-slave-%02d' % R.randint(1, 40), 'tbird-admin%d' % R.randint(1, 3), 'node-%d' % R.randint(1, 500),
                     'dn%d' % R.randint(100, 999), 'msra-sa-%d' % R.randint(10, 60), 'ip-%d-%d-%d-%d.ec2.internal' % tuple(R.randint(1, 250) for _ in range(4)),
                     'host%d.example.com' % R.randint(1, 99), 'www.google.com', 'proxy.cse.cuhk.edu.hk', 'mail.example.org'])
def user(): return R.choice(['root', 'admin', 'test', 'guest', 'oracle', 'user1', 'ftpuser', 'postgres', 'ubuntu', 'pi', 'support', 'nagios', 'git', 'bob42'])
def ts():
    return R.choice([
        '%s %s %2d %02d:%02d:%02d %d' % (R.choice(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']), R.choice(['Jan', 'Feb', 'Jun', 'Jul', 'Oct', 'Dec']), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(2004, 2024)),
        '2016-%02d-%02d %02d:%02d:%02d' % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
        '2024-%02d-%02dT%02d:%02d:%02d.%03dZ' % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999))])
def clock(): return '%02d:%02d:%02d' % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
def size(): return '%s %s' % (flt(), R.choice(['B', 'KB', 'MB', 'GB']))
def dur(): return R.choice(['%dms' % R.randint(1, 5000), '%.1fs' % (R.random() * 60), '%dus' % R.randint(1, 999), '%.3fms' % (R.random() * 10)])
def mac(): return ':'.join(hexs(2) for _ in range(6))
def appid(kind): return '%s_%d_%04d' % (kind, R.randint(1445000000000, 1445999999999), R.randint(1, 99)) + ('_m_%06d_%d' % (R.randint(0, 99), R.randint(0, 3)) if kind in ('attempt', 'task') else '')
def pkg(): return R.choice(['com.tencent.mobileqq', 'com.android.systemui', 'com.huawei.health', 'com.tencent.mm', 'android', 'com.android.phone', 'com.google.android.gms'])
def email(): return '%s%s@%s' % (R.choice(['alice', 'bob', 'carol', 'ops']), R.choice(['', '.smith', str(R.randint(1, 99))]), R.choice(['example.com', 'corp.example.org', 'gmail.com']))
def token(): return R.choice(['req-' + hexs(4), 'pod-%s-%s' % (hexs(6), ''.join(R.choice('abcdefghjkmnpqrstvwxz2456789') for _ in range(5))), 'user' + str(R.randint(1, 999)), hexs(24), 'sess_' + hexs(12)])
def b64(): return ''.join(R.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') for _ in range(R.choice([16, 22, 32]))) + R.choice(['', '=', '=='])
def url(): return R.choice(['https', 'http']) + '://' + R.choice(['api.example.com', 'storage.googleapis.com', '10.0.%d.%d:8080' % (R.randint(0, 9), R.randint(1, 200))]) + R.choice(['/v1/users/%d' % R.randint(1, 9999), '/b/%s/o/%s?alt=media' % (hexs(6), hexs(10)), '/health', '/search?q=%s&page=%d' % (R.choice(['cats', 'dogs', 'x']), R.randint(1, 9))])

SLOTS = {
    'ip': ip, 'port': port, 'ipport': lambda: ip() + ':' + port(), 'num': num, 'big': big, 'float': flt, 'uuid': uuid,
    'blk': blk, 'path': path, 'winpath': winpath, 'host': host, 'user': user, 'ts': ts, 'clock': clock, 'size': size,
    'dur': dur, 'mac': mac, 'hex': lambda: '0x' + hexs(R.choice([2, 4, 8])), 'hex8': lambda: hexs(8), 'hex16': lambda: hexs(16),
    'attempt': lambda: appid('attempt'), 'task': lambda: appid('task'), 'job': lambda: appid('job'), 'container': lambda: 'container_%d_%04d_01_%06d' % (R.randint(1445000000000, 1445999999999), R.randint(1, 99), R.randint(1, 999)),
    'pkg': pkg, 'email': email, 'token': token, 'b64': b64, 'url': url, 'neg': lambda: str(-R.randint(1, 5)),
    'pct': lambda: '%d%%' % R.randint(0, 100), 'date': lambda: '2015-%02d-%02d' % (R.randint(1, 12), R.randint(1, 28)),
    'pid': lambda: str(R.randint(100, 32000)), 'bool': lambda: R.choice(['true', 'false']),
    'cls': lambda: R.choice(['org.apache.hadoop.mapreduce.jobhistory.EventType', 'org.apache.hadoop.mapreduce.v2.app.job.event.TaskEventType', 'org.apache.hadoop.mapreduce.v2.app.job.event.JobEventType']),
    'proc': lambda: R.choice(['chrome.exe', 'Dropbox.exe', 'GoogleUpdate.exe', 'QQ.exe', 'svchost.exe', 'firefox.exe']),
    'node': lambda: 'R%02d-M%d-N%d-C:J%02d-U%02d' % (R.randint(0, 77), R.randint(0, 1), R.randint(0, 15), R.randint(2, 17), R.randint(1, 11)),
}

def fill(pattern):
    def one(m):
        spec = m.group(1)
        if spec.startswith('w:'):
            return R.choice(spec[2:].split('|'))
        return SLOTS[spec]()
    out = re.sub(r'\{([a-z0-9]+|w:[^{}]*)\}', one, pattern)
    return out.replace('{{', '{').replace('}}', '}')

# ---------------------------------------------------------------------------------------------
SYSTEMS = {}

SYSTEMS['HDFS'] = [
    'Receiving block {blk} src: /{ipport} dest: /{ipport}',
    'Received block {blk} of size {big} from /{ip}',
    'Received block {blk} src: /{ipport} dest: /{ipport} of size {big}',
    'PacketResponder {num} for block {blk} terminating',
    'BLOCK* NameSystem.addStoredBlock: blockMap updated: {ipport} is added to {blk} size {big}',
    'BLOCK* NameSystem.allocateBlock: {path}/part-{num}. {blk}',
    'BLOCK* NameSystem.delete: {blk} is added to invalidSet of {ipport}',
    'Deleting block {blk} file {path}/{blk}',
    'BLOCK* ask {ipport} to delete  {blk} {blk} {blk}',
    'BLOCK* ask {ipport} to delete  {blk}',
    'BLOCK* ask {ipport} to replicate {blk} to datanode(s) {ipport}',
    'Verification succeeded for {blk}',
    '{ipport} Served block {blk} to /{ip}',
    '{ipport}:Got exception while serving {blk} to /{ip}:',
    '{ipport} Starting thread to transfer block {blk} to {ipport}',
]
# The two "ask ... to delete" shapes are one event (variable number of block ids).
HDFS_SAME = {9: 8}
# Loghub treats the GET with and without a query string as one event.
OPENSTACK_SAME = {1: 0}

SYSTEMS['Hadoop'] = [
    '{attempt} TaskAttempt Transitioned from NEW to UNASSIGNED',
    '{attempt} TaskAttempt Transitioned from UNASSIGNED to ASSIGNED',
    '{attempt} TaskAttempt Transitioned from ASSIGNED to RUNNING',
    '{attempt} TaskAttempt Transitioned from RUNNING to SUCCESS_CONTAINER_CLEANUP',
    '{task} Task Transitioned from SCHEDULED to RUNNING',
    'Assigned container {container} to {attempt}',
    'Progress of TaskAttempt {attempt} is : {float}',
    'Address change detected. Old: msra-sa-{num}/{ipport} New: msra-sa-{num}:{port}',
    'Retrying connect to server: {host}:{port}. Already tried {num} time(s); retry policy is RetryUpToMaximumCountWithFixedSleep(maxRetries={num}, sleepTime={num} MILLISECONDS)',
    'Before Scheduling: PendingReds:{num} ScheduledMaps:{num} ScheduledReds:{num} AssignedMaps:{num} AssignedReds:{num} CompletedMaps:{num} CompletedReds:{num} ContAlloc:{num} ContRel:{num} HostLocal:{num} RackLocal:{num}',
    'After Scheduling: PendingReds:{num} ScheduledMaps:{num} ScheduledReds:{num} AssignedMaps:{num} AssignedReds:{num} CompletedMaps:{num} CompletedReds:0 ContAlloc:{num} ContRel:{num} HostLocal:{num} RackLocal:{num}',
    'getResources() for application_{big}_{num}: ask={num} release= {num} newContainers={num} finishedContainers={num} resourcelimit=<memory:{num}, vCores:{num}> knownNMs={num}',
    'Registering class org.apache.hadoop.mapreduce.{w:jobhistory.EventType|v2.app.job.event.TaskEventType|v2.app.job.event.JobEventType} for class org.apache.hadoop.mapreduce.{w:jobhistory.JobHistoryEventHandler|v2.app.MRAppMaster$TaskEventDispatcher}',
    'Processing the event EventType: CONTAINER_REMOTE_{w:LAUNCH|CLEANUP} for container {container} taskAttempt {attempt}',
    'Diagnostics report from {attempt}: Container killed by the ApplicationMaster.',
    'ERROR IN CONTACTING RM.',
    'Num completed Tasks: {num}',
    'JVM with ID : jvm_{big}_{num}_m_{num} asked for a task',
    'Event Writer setup for JobId: job_{big}_{num}, File: hdfs://{host}:{port}{path}',
    'Scheduled snapshot period at {num} second(s).',
    'Opening proxy : {host}:{port}',
    'Added attempt_{big}_{num}_m_{num}_{num} to list of failed maps',
]

SYSTEMS['Spark'] = [
    'Running task {float} in stage {float} (TID {num})',
    'Finished task {float} in stage {float} (TID {num}). {num} bytes result sent to driver',
    'Block broadcast_{num} stored as values in memory (estimated size {size}, free {size})',
    'Block broadcast_{num}_piece0 stored as bytes in memory (estimated size {size}, free {size})',
    'Found block rdd_{num}_{num} locally',
    'Partition rdd_{num}_{num} not found, computing it',
    'Reading broadcast variable {num} took {num} ms',
    'Started reading broadcast variable {num}',
    'Input split: hdfs://{host}:{port}{path}:{num}+{big}',
    'Got assigned task {num}',
    'Changing view acls to: yarn,curi',
    'Starting executor ID {num} on host {host}',
    'Successfully started service \'org.apache.spark.network.netty.NettyBlockTransferService\' on port {port}.',
    'Successfully started service \'sparkExecutorActorSystem\' on port {port}.',
    'Times: total = {num}, boot = {num}, init = {num}, finish = {num}',
    'Saved output of task \'{attempt}\' to hdfs://{host}:{port}{path}',
    'MemoryStore started with capacity {size}',
    'Registered signal handlers for [TERM, HUP, INT]',
    'mapred.job.id is deprecated. Instead, use mapreduce.job.id',
    'mapred.task.id is deprecated. Instead, use mapreduce.task.attempt.id',
]

SYSTEMS['Zookeeper'] = [
    'Received connection request /{ipport}',
    'Accepted socket connection from /{ipport}',
    'Closed socket connection for client /{ipport} which had sessionid 0x{hex16}',
    'Closed socket connection for client /{ipport} (no session established for client)',
    'Client attempting to establish new session at /{ipport}',
    'Established session 0x{hex16} with negotiated timeout {num} for client /{ipport}',
    'Expiring session 0x{hex16}, timeout of {num}ms exceeded',
    'Processed session termination for sessionid: 0x{hex16}',
    'Cannot open channel to {num} at election address /{ipport}',
    'Connection broken for id {num}, my id = {num}, error =',
    'Notification: {num} (n.leader), 0x{hex8} (n.zxid), 0x{num} (n.round), LOOKING (n.state), {num} (n.sid), 0x{num} (n.peerEPoch), LOOKING (my state)',
    'Notification: {num} (n.leader), 0x{hex8} (n.zxid), 0x{num} (n.round), FOLLOWING (n.state), {num} (n.sid), 0x{num} (n.peerEPoch), LEADING (my state)',
    'caught end of stream exception',
    'Interrupted while waiting for message on queue',
    'Send worker leaving thread',
    'Server environment:{w:java.version=1.7.0_79|os.name=Linux|user.name=zookeeper|host.name=mesos-master-1|java.io.tmpdir=/tmp}',
    'Got user-level KeeperException when processing sessionid:0x{hex16} type:create cxid:0x{hex8} zxid:0x{hex8} txntype:-1 reqpath:n/a Error Path:{path} Error:KeeperErrorCode = NodeExists for {path}',
    'FOLLOWING - LEADER ELECTION TOOK - {num}',
    'New election. My id =  {num}, proposed zxid=0x{num}',
    'Connection request from old client /{ipport}; will be dropped if server is in r-o mode',
    '******* GOODBYE /{ipport} ********',
]

SYSTEMS['BGL'] = [
    'instruction cache parity error corrected',
    'generating core.{num}',
    'CE sym {num}, at 0x{hex8}, mask 0x{hex8}',
    '{num} ddr errors(s) detected and corrected on rank {num}, symbol {num}, bit {num}',
    'total of {num} ddr error(s) detected and corrected',
    'total of {num} ddr error(s) detected and corrected over {num} seconds',
    'ciod: failed to read message prefix on control stream (CioStream socket to {ipport}',
    'ciod: LOGIN chdir({path}) failed: No such file or directory',
    'ciod: LOGIN chdir({path}) failed: Input/output error',
    'ciod: Error loading {path}: invalid or missing program image, No such file or directory',
    'data TLB error interrupt',
    'data storage interrupt',
    'data store interrupt caused by dcbf.........{num}',
    'data store interrupt caused by icbi.........{num}',
    'program interrupt: fp cr field .............{num}',
    'program interrupt: illegal instruction......{num}',
    'fpr29=0x{hex8} 0x{hex8} 0x{hex8} 0x{hex8}',
    'r24=0x{hex8} r25=0x{hex8} r26=0x{hex8} r27=0x{hex8}',
    'lr:{hex8} cr:{hex8} xer:{hex8} ctr:{hex8}',
    'Lustre mount FAILED : bglio{num} : block_id : location',
    'NFS Mount failed on bglio{num}, slept {num} seconds, retrying ({num})',
    'rts: kernel terminated for reason {num}',
    'machine check interrupt (bit=0x{hex8}): L2 dcache unit data parity error',
    'critical input interrupt (unit=0x{num} bit=0x{num}): warning for torus z- wire',
    'critical input interrupt (unit=0x{num} bit=0x{num}): warning for torus y+ wire',
    '{num} L3 EDRAM error(s) (dcr 0x{hex8}) detected and corrected',
    '{num} torus receiver x+ input pipe error(s) (dcr 0x{hex8}) detected and corrected',
    '{num} torus receiver y+ input pipe error(s) (dcr 0x{hex8}) detected and corrected',
    'In packet from node {float} ({node}), message code {num} is not {num} or {num} (softheader={hex8} {hex8} {hex8} {hex8})',
    'auxiliary processor.........................{num}',
]

SYSTEMS['HPC'] = [
    'Component State Change: Component \\042alt{num}\\042 is in the unavailable state (HWID={num})',
    'NIFF: node node-{num} detected a failed network connection on network {ip} via interface alt0',
    'NIFF: node node-{num} has detected an available network connection on network {ip} via interface alt0',
    'NIFF: node node-{num} has detected an available network connection on network {ip} via interface ee0',
    'NIFF: node node-{num} has detected an available network connection on network {ip} via interface scip0',
    'ServerFileSystem: ServerFileSystem domain storage{num} is full',
    'ClusterFileSystem: There is no server for ServerFileSystem domain storage{num}',
    'Temperature ({num}C) exceeds warning threshold',
    'Fan speeds ( {num} {num} {num} **** {num} {num} )',
    'Fan speeds ( {num} {num} {num} {num} {num} {num} )',
    'psu failure\\ ambient={num}',
    'ambient={num}',
    'Link error on broadcast tree Interconnect-{num}T{num}:{num}:{num}:{num}',
    'Link error',
    'Link in reset',
    'boot  (command {num})',
    'halt  (command {num})',
    'wait  (command {num})',
    'running',
    'not responding',
    'Command has completed successfully',
    'Targeting domains:node-D{num} and nodes:node-[{num}-{num}] child of command {num}',
]

SYSTEMS['Thunderbird'] = [
    'session opened for user root by (uid=0)',
    'session closed for user root',
    '(root) CMD (run-parts /etc/cron.hourly)',
    'DHCPACK on {ip} to {mac} via eth1',
    'DHCPDISCOVER from {mac} via eth1',
    'DHCPOFFER on {ip} to {mac} via eth1',
    'DHCPREQUEST for {ip} ({ip}) from {mac} via eth1',
    'synchronized to {ip}, stratum {num}',
    'Received SNMP packet(s) from {ip}',
    'Local disconnected: Connection closed.',
    'connection lost: \'Connection closed.\'',
    'data_thread() got not answer from any [Thunderbird_{w:A8|B9|C3}] datasource',
    'RRD_update (/var/lib/ganglia/rrds/{path}.rrd): illegal attempt to update using time {big} when last update time is {big} (minimum one second step)',
    'Processor [CPU{num}] (supports C1)',
    'Using {float} MHz HPET timer.',
    'Detected {float} MHz processor.',
    'eth0: e1000: NIC Link is Up {num} Mbps Full Duplex',
    'START: tftp pid={num} from={ip}',
    'xinetd startup succeeded',
    'kernel time sync enabled {num}',
    'time reset +{float} s',
    'Warning: we failed to resolve data source name {host}',
    'unable to qualify my own domain name ({host}) -- using short name',
    'error: Bind to port {port} on {ip} failed: Address already in use.',
]

SYSTEMS['Windows'] = [
    'Loaded Servicing Stack v6.1.{num}.{num} with Core: {winpath}\\cbscore.dll',
    'Read out cached package applicability for package: Package_for_KB{big}~31bf3856ad364e35~amd64~~6.1.{num}.{num}, ApplicableState: {num}, CurrentState:{num}',
    'Session: {big}_{big} initialized by client WindowsUpdateAgent.',
    'Session: {big}_{big} initialized by client SPP.',
    '{hex8}@2016/{num}/{num}:{clock}.{num} CSI Transaction @0x{hex8} destroyed',
    '{hex8}@2016/{num}/{num}:{clock}.{num} PopulateComponentFamiliesKey - Begin',
    '{hex8}@2016/{num}/{num}:{clock}.{num} PopulateComponentFamiliesKey - End',
    '{hex8} CSI Store {num} (0x{hex8}) initialized',
    'Failed to internally open package. [HRESULT = 0x{hex8} - CBS_E_INVALID_PACKAGE]',
    'Failed to get next element [HRESULT = 0x{hex8} - CBS_E_MANIFEST_INVALID_ITEM]',
    'Expecting attribute name [HRESULT = 0x{hex8} - CBS_E_MANIFEST_INVALID_ITEM]',
    'SQM: Initializing online with Windows opt-in: False',
    'SQM: Cleaning up report files older than {num} days.',
    'SQM: Queued {num} file(s) for upload with pattern: {winpath}\\*_std.sqm, flags: 0x{num}',
    'SQM: Failed to start upload with file pattern: {winpath}\\*_std.sqm, flags: 0x{num} [HRESULT = 0x{hex8} - E_FAIL]',
    'Warning: Unrecognized packageExtended attribute.',
    'Starting TrustedInstaller initialization.',
    'Ending TrustedInstaller initialization.',
    'Reboot mark refs incremented to: {num}',
    'Scavenge: Completed, disposition: 0x{hex8}',
    'Loading offline registry hive: {w:SOFTWARE|SYSTEM|COMPONENTS}, into registry key \'{{bf1a281b-ad7b-4476-ac95-f47682990ce7}}GLOBALROOT/Device/HarddiskVolumeShadowCopy{num}/Windows/System32/config/SOFTWARE\' from path \'\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy{num}\\Windows\\System32\\config\\SOFTWARE\'.',
    'Performing {num} operations; {num} are not lock/unlock and follow:',
]

SYSTEMS['Linux'] = [
    'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={ip}',
    'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={host}  user=root',
    'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={ip}  user=guest',
    'check pass; user unknown',
    'session opened for user {w:root|cyrus|news|test} by (uid={num})',
    'session closed for user {w:root|cyrus|news|test}',
    'session opened for user {w:root|cyrus} by LOGIN(uid={num})',
    'connection from {ip} ({host}) at {ts}',
    'Authentication failed from {ip} ({ip}): Permission denied in replay cache code',
    'Authentication failed from {ip} ({ip}): Software caused connection abort',
    'ANONYMOUS FTP LOGIN FROM {ip},  (anonymous)',
    'Kerberos authentication failed',
    'Couldn\'t authenticate user',
    'User unknown timed out after {num} seconds at {ts}',
    'audit({big}.{big}:{num}): initialized',
    'klogd startup succeeded',
    'syslogd startup succeeded',
    'Received SNMP packet(s) from {ip}',
    'Linux version 2.6.5-1.358 (bhcompile@bugs.build.redhat.com) (gcc version 3.3.3 20040412 (Red Hat Linux 3.3.3-7)) #1 Sat May 8 09:25:36 EDT 2004',
    'Memory: {num}k/{num}k available ({num}k kernel code, {num}k reserved, {num}k data, {num}k init, {num}k highmem)',
    'ALERT exited abnormally with [1]',
    'creating device node \'/udev/{w:sda|tty3|hdc1|vcs4}\'',
    'warning: can\'t get client address: Connection reset by peer',
]

SYSTEMS['Android'] = [
    'acquire lock={big}, flags=0x{num}, tag="{w:View Lock|*alarm*|RILJ_ACK_WL|WifiSuspend}", name={pkg}, ws=null, uid={num}, pid={pid}',
    'release:lock={big}, flg=0x{num}, tag="{w:View Lock|*alarm*|RILJ_ACK_WL}", name={pkg}, ws=null, uid={num}, pid={pid}',
    'Acquiring suspend blocker "PowerManagerService.WakeLocks".',
    'Releasing suspend blocker "PowerManagerService.WakeLocks".',
    'animateCollapsePanels:flags={num}, force=false, delayed=false, mExpandedVisible=false',
    'animateCollapsePanels:flags={num}, force=true, delayed=true, mExpandedVisible=true',
    'makeExpandedInvisible: mExpandedVisible=false',
    'makeExpandedInvisible: mExpandedVisible=true',
    'updateClipping isOverlap:false, getTopPadding={float}, Translation={float}',
    'updateClipping isOverlap:true, getTopPadding={float}, Translation={float}',
    'printFreezingDisplayLogsopening app wtoken = AppWindowToken{{{hex8} token=Token{{{hex8} ActivityRecord{{{hex8} u0 {pkg}/.activity.{w:SplashActivity|ChatActivity|info.NewsDetailXmlActivity} t{pid}}}}}}}, allDrawn= false, startingDisplayed =  false, startingMoved =  false, isRelaunching =  false',
    'Skipping AppWindowToken{{{hex8} token=Token{{{hex8} ActivityRecord{{{hex8} u0 {pkg}/.activity.SplashActivity t{pid}}}}}}} -- going to hide',
    'interceptKeyTq keycode={num} interactive=true keyguardActive=false policyFlags=0x{hex8} down true canceled false',
    'interceptKeyTq keycode={num} interactive=true keyguardActive=false policyFlags=0x{hex8} down false canceled false',
    'getTasks: caller {num} does not hold REAL_GET_TASKS; limiting output',
    'Killing {pid}:{pkg}/u0a{num} (adj {num}): empty for {num}s',
    'cancelNotificationLocked:0|{pkg}|{num}|null|{num}',
    'onReceive, action:android.intent.action.{w:SCREEN_ON|SCREEN_OFF|TIME_TICK}',
    'setSystemUiVisibility vis={num} mask={num} oldVal={num} newVal={num} diff={num} fullscreenStackVis={num} dockedStackVis={num}, fullscreenStackBounds=Rect({num}, {num} - {num}, {num}), dockedStackBounds=Rect({num}, {num} - {num}, {num})',
    'startAnimation begin',
    'startAnimation end',
    'visible is {bool}',
    'Screen frozen for {num}ms due to Window{{{hex8} u0 {pkg}}}',
    'START u0 {{act=android.intent.action.MAIN cat=[android.intent.category.LAUNCHER] flg=0x{hex8} cmp={pkg}/.activity.SplashActivity bnds=[{num},{num}][{num},{num}]}} from uid {num} on display {num}',
]

SYSTEMS['HealthApp'] = [
    'onStandStepChanged {num}',
    'onExtend:{big} {num} {num} {num}',
    'REPORT : {num} {num} {num} {num}',
    'calculateCaloriesWithCache totalCalories={big}',
    'calculateAltitudeWithCache totalAltitude={num}',
    'setTodayTotalDetailSteps={big}##{num}##{num}##{num}##{num}##{big}',
    'getTodayTotalDetailSteps = {big}##{num}##{num}##{num}##{num}##{big}',
    'processHandleBroadcastAction action:android.intent.action.SCREEN_ON',
    'processHandleBroadcastAction action:android.intent.action.TIME_TICK',
    'flush sensor data',
    'isScreenOn true',
    'upLoadOneMinuteDataToEngine time={big},{num},{num},{num},{num}',
    'getStepCounterStatus= true',
    'setWriteDBLastDataMinute={big}',
    'Alarm uploadStaticsToDB totalSteps={num}:{num}:{num}:{num}',
    'saveStatData() type ={num},time = {big},statClient = {num},who is {num}',
    'insertHiHealthData() size = {num},app = {num},One Data Type = {num},packageName = com.huawei.health,writeStatType = {num}',
    'screen status unknown,think screen on',
    'tryToReloadTodayBasicSteps{big}|{num}|{num}|{num}',
    'REPORT : {num} {num} {num}',
]
HEALTH_SAME = {19: 2}

SYSTEMS['Apache'] = [
    'jk2_init() Found child {pid} in scoreboard slot {num}',
    'workerEnv.init() ok /etc/httpd/conf/workers2.properties',
    'mod_jk child workerEnv in error state {num}',
    '[client {ip}] Directory index forbidden by rule: /var/www/html/',
    'jk2_init() Can\'t find child {pid} in scoreboard',
    'mod_jk child init {num} {neg}',
]

SYSTEMS['Proxifier'] = [
    '{proc} - {host}:{port} open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
    '{proc} - {host}:{port} open through proxy {ip}:{port} SOCKS5',
    '{proc} - {host}:{port} close, {num} bytes ({size}) sent, {num} bytes ({size}) received, lifetime {clock}',
    '{proc} - {host}:{port} close, {num} bytes sent, {num} bytes received, lifetime <1 sec',
    '{proc} - {host}:{port} error : Could not connect through proxy proxy.cse.cuhk.edu.hk:5070 - Proxy server cannot establish a connection with the target, status code {num}',
    '{proc} - {host}:{port} error : Could not connect through proxy proxy.cse.cuhk.edu.hk:5070 - Proxy closed the connection unexpectedly.',
    '{proc} - {host}:{port} error : A connection request was canceled before the completion.',
    '{proc} *64 - {host}:{port} open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
]
PROXIFIER_SAME = {3: 2, 7: 0}

SYSTEMS['OpenSSH'] = [
    'Accepted password for {user} from {ip} port {port} ssh2',
    'Connection closed by {ip} [preauth]',
    'Did not receive identification string from {ip}',
    'Disconnecting: Too many authentication failures for admin [preauth]',
    'Disconnecting: Too many authentication failures for root [preauth]',
    'Failed password for invalid user {user} from {ip} port {port} ssh2',
    'Failed password for root from {ip} port {port} ssh2',
    'Failed none for invalid user {user} from {ip} port {port} ssh2',
    'Invalid user {user} from {ip}',
    'input_userauth_request: invalid user {user} [preauth]',
    'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}',
    'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={w:root|admin|test}',
    'pam_unix(sshd:auth): check pass; user unknown',
    'pam_unix(sshd:session): session opened for user {user} by (uid={num})',
    'pam_unix(sshd:session): session closed for user {user}',
    'Received disconnect from {ip}: 11: Bye Bye [preauth]',
    'Received disconnect from {ip}: 11: Closed due to user request. [preauth]',
    'reverse mapping checking getaddrinfo for {host} [{ip}] failed - POSSIBLE BREAK-IN ATTEMPT!',
    'PAM {num} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}',
    'message repeated {num} times: [ Failed password for root from {ip} port {port} ssh2]',
    'fatal: Write failed: Connection reset by peer [preauth]',
    'error: Received disconnect from {ip}: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]',
]

SYSTEMS['OpenStack'] = [
    '{ip} "GET /v2/{hex16}{hex16}/servers/detail HTTP/1.1" status: 200 len: {num} time: {float}',
    '{ip} "GET /v2/{hex16}{hex16}/servers/detail?changes-since={date}T{clock}.{num}%2B00%3A00 HTTP/1.1" status: 200 len: {num} time: {float}',
    '{ip} "POST /v2/{hex16}{hex16}/os-server-external-events HTTP/1.1" status: 200 len: {num} time: {float}',
    '{ip} "DELETE /v2/{hex16}{hex16}/servers/{uuid} HTTP/1.1" status: 204 len: {num} time: {float}',
    '[instance: {uuid}] VM Started (Lifecycle Event)',
    '[instance: {uuid}] VM Paused (Lifecycle Event)',
    '[instance: {uuid}] VM Resumed (Lifecycle Event)',
    '[instance: {uuid}] VM Stopped (Lifecycle Event)',
    '[instance: {uuid}] Took {float} seconds to spawn the instance on the hypervisor.',
    '[instance: {uuid}] Took {float} seconds to build instance.',
    '[instance: {uuid}] Took {float} seconds to destroy the instance on the hypervisor.',
    '[instance: {uuid}] Attempting claim: memory {num} MB, disk {num} GB, vcpus {num} CPU',
    '[instance: {uuid}] Total memory: {num} MB, used: {float} MB',
    '[instance: {uuid}] Claim successful',
    '[instance: {uuid}] Creating image',
    '[instance: {uuid}] Instance destroyed successfully.',
    'image {uuid} at ({path}): checking',
    'image {uuid} at ({path}): in use: on this node {num} local, {num} on other nodes sharing this instance storage',
    'Active base files: {path}',
    'Unknown base file: {path}',
    'Creating event network-vif-plugged:{uuid} for instance {uuid}',
    'Final resource view: name={host} phys_ram={num}MB used_ram={num}MB phys_disk={num}GB used_disk={num}GB total_vcpus={num} used_vcpus={num} pci_stats=[]',
    'Running instance usage audit for host {host} from {date} {clock} to {date} {clock}. {num} instances.',
    'Successfully synced instances from host \'{host}\'.',
    'While synchronizing instance power states, found {num} instances in the database and {num} instances on the hypervisor.',
]

SYSTEMS['Mac'] = [
    'AirPort: Link Up on awdl0',
    'AirPort: Link Up on en0',
    'AirPort: Link Down on awdl0. Reason {num} (Unspecified).',
    'ARPT: {float}: wl0: wl_update_tcpkeep_seq: Original Seq: {big}, Ack: {big}, Win size: {num}',
    'ARPT: {float}: wl0: MDNS: IPV4 Addr: {ip}',
    'Sandbox: {w:com.apple.Addres|mdworker|QQ}({pid}) System Policy: deny file-read-data {path}',
    '{w:AppleThunderboltNHIType2|AppleThunderboltNHIType1}::prePCIWake - power up complete - took {num} us',
    'Setting the AWDL operation mode from AUTO to SUSPENDED',
    'Setting the AWDL operation mode from SUSPENDED to AUTO',
    '<IMMacNotificationCenterManager: 0x{hex8}>:   DND Enabled: NO',
    '<IMMacNotificationCenterManager: 0x{hex8}>:   DND Enabled: YES',
    'Cocoa scripting error for \'0x{hex8}\': four character codes must be four characters long.',
    'Wake reason: {w:ARPT (Network)|RTC (Alarm)|EC.LidOpen (User)}',
    '{clock}.{num} : BTLE scanner Powered On',
    '{clock}.{num} : BTLE scanner Powered Off',
    '{clock}.{num} : Started generating hashes',
    'en0: BSSID changed to {mac}',
    'Thermal pressure state: {num} Memory pressure state: {num}',
    'USBMSC Identifier (non-unique): {hex8} 0x{hex8} 0x{hex8} 0x{num}, {num}',
    'failed to get service status for {w:com.apple.mdworker.shared|com.apple.xpc.launchd.domain.pid.WebContent}.{big}',
    'CoreDAVHTTPStatusErrorDomain Code={num} "(null)" UserInfo={{AccountName=iCloud}}',
    'PM response took {num} ms (54, powerd)',
]

SYSTEMS['CloudApps'] = [
    # nginx / Apache combined access log lines
    '{ip} - - [10/Oct/2024:{clock} +0000] "GET /api/v1/users/{num} HTTP/1.1" 200 {num} "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"',
    '{ip} - - [11/Oct/2024:{clock} +0000] "POST /api/v1/orders HTTP/1.1" {w:201|500} {num} "https://shop.example.com/cart" "curl/8.4.0"',
    # GKE JSON app logs (raw text payloads)
    '{{"severity":"INFO","message":"Cache hit for key {token}","latency":"{dur}","trace":"projects/p/traces/{hex16}"}}',
    '{{"severity":"INFO","message":"Cache miss for key {token}","latency":"{dur}","trace":"projects/p/traces/{hex16}"}}',
    'level=info ts={ts} caller=main.go:{num} msg="request completed" method=GET path=/v1/items/{num} status=200 duration={dur} request_id={uuid}',
    'level=error ts={ts} caller=db.go:{num} msg="query failed" err="context deadline exceeded" query_id={token}',
    'User {email} logged in from {ip} (session {token})',
    'Payment {uuid} for order #{num} captured: amount={float} currency=USD',
    'Fetching {url} took {dur}',
    'Retrying upload to {url} (attempt {num}/5) after {dur}: connection reset',
    'Pod {token} in namespace {w:default|prod} is using {pct} CPU and {size} memory',
    'Processed batch {num} of {num}: {num} records in {dur} ({float} rec/s)',
    'Scheduled job sync-{token} started at {ts}',
    'Failed to process message {uuid}\njava.lang.IllegalStateException: Unexpected state {num}\n\tat com.example.Worker.handle(Worker.java:{num})\n\tat com.example.Worker.run(Worker.java:{num})\nCaused by: java.net.SocketTimeoutException: Read timed out after {num} ms\n\tat java.net.SocketInputStream.read(SocketInputStream.java:{num})',
    'Failed to process message {uuid}\njava.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null\n\tat com.example.Worker.parse(Worker.java:{num})',
    'Exception in thread "pool-{num}-thread-{num}" java.lang.OutOfMemoryError: Java heap space\n\tat java.util.Arrays.copyOf(Arrays.java:{num})',
    'panic: runtime error: index out of range [{num}] with length {num}\n\ngoroutine {num} [running]:\nmain.handler(0x{hex8})\n\t/app/main.go:{num} +0x{hex8}',
    'Traceback (most recent call last):\n  File "/app/worker.py", line {num}, in run\n    value = int(raw)\nValueError: invalid literal for int() with base 10: \'{token}\'',
    'Traceback (most recent call last):\n  File "/app/worker.py", line {num}, in run\n    data = payload["items"]\nKeyError: \'items\'',
    'Connected to redis://{host}:{port}/0 in {dur}',
    'GET https://api.example.com/v2/accounts/{num}/invoices?limit={num}&cursor={b64} -> 200 ({dur})',
    'Slow query ({dur}): SELECT * FROM orders WHERE customer_id = {num} AND created_at > \'{date}\'',
    'Token refresh for client {hex16} succeeded, expires at {ts}',
    'Evicted {num} entries from cache "sessions" ({size} freed)',
]

SAME = {'OpenStack': OPENSTACK_SAME, 'HDFS': HDFS_SAME, 'HealthApp': HEALTH_SAME, 'Proxifier': PROXIFIER_SAME}
PER_SYSTEM = 200

def esc(s): return s.replace('\\', '\\\\').replace('\n', '\\n').replace('\t', '\\t')

def labelled(name, events, eid, line):
    # A request's 5xx is another event than its 2xx (the miner keeps an access line's status
    # class): the access lines of one route that failed get an event id of their own.
    if name == 'CloudApps' and 'HTTP/1.1" 5' in line:
        eid = 'E%d' % (len(events) + 1)
    return '%s\t%s' % (eid, esc(line))

def main():
    for name, events in SYSTEMS.items():
        same = SAME.get(name, {})
        # Skewed frequencies like real logs: a few events dominate, many are rare.
        weights = [R.lognormvariate(0, 1.2) for _ in events]
        lines = []
        for _ in range(PER_SYSTEM):
            k = R.choices(range(len(events)), weights)[0]
            eid = 'E%d' % (same.get(k, k) + 1)
            lines.append(labelled(name, events, eid, fill(events[k])))
        # Every event at least twice, so each shape is exercised.
        for k, pat in enumerate(events):
            for _ in range(2):
                lines.append(labelled(name, events, 'E%d' % (same.get(k, k) + 1), fill(pat)))
        R.shuffle(lines)
        if name != 'CloudApps':
            continue  # the other systems are measured on real Loghub-2k lines (../loghub2k)
        with open(os.path.join(HERE, name + '.tsv'), 'w') as f:
            f.write('\n'.join(lines) + '\n')

if __name__ == '__main__':
    main()
