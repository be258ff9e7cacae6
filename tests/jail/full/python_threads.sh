# jail full case: python3 (installed by apt-get in the throw-away overlay) runs a threaded script:
# workers, a lock, a queue, a condition variable, an event and a thread pool, with an exact result.
# shell: bash
# timeout: 3600
# status: 0
set -e
apt-get update -qq >/dev/null 2>&1
apt-get install -y -qq --no-install-recommends python3 >apt.log 2>&1 || { tail apt.log; exit 1; }
rm -f apt.log
echo "python3 installed"
cat > threads.py <<'P'
import concurrent.futures
import hashlib
import queue
import threading

counter = 0
lock = threading.Lock()
def bump(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1
workers = [threading.Thread(target=bump, args=(2000,)) for _ in range(8)]
for t in workers: t.start()
for t in workers: t.join()
print("counter", counter)

q = queue.Queue()
results = []
def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        results.append(hashlib.sha256(str(item).encode()).hexdigest()[:8])
        q.task_done()
cons = [threading.Thread(target=consumer) for _ in range(4)]
for t in cons: t.start()
for i in range(400): q.put(i)
q.join()
for _ in cons: q.put(None)
for t in cons: t.join()
print("queue", len(results), sorted(results)[:3])

cond = threading.Condition()
ready = []
def waiter(i):
    with cond:
        cond.wait_for(lambda: len(ready) > 0)
        ready.append(i)
ws = [threading.Thread(target=waiter, args=(i,)) for i in range(5)]
for t in ws: t.start()
with cond:
    ready.append(-1)
    cond.notify_all()
for t in ws: t.join()
print("condition", sorted(ready))

ev = threading.Event()
t = threading.Timer(0.05, ev.set); t.start()
print("event", ev.wait(5))
with concurrent.futures.ThreadPoolExecutor(max_workers=6) as ex:
    print("pool", sum(ex.map(lambda x: x * x, range(1000))))
print("threads left", threading.active_count())
P
python3 threads.py
