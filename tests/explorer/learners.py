"""Source of the small learner modules the tests explore."""

from __future__ import annotations

RACY_BANK = """
import threading

balance = 0

def deposit(n, times):
    global balance
    for _ in range(times):
        balance = balance + n
        balance = balance - n

def run(amounts=(5, 8), times=3):
    threads = [threading.Thread(target=deposit, args=(a, times)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance
"""

LOCKED_BANK = """
import threading

balance = 0
lock = threading.Lock()

def deposit(n, times):
    global balance
    for _ in range(times):
        with lock:
            balance = balance + n
        with lock:
            balance = balance - n

def run(amounts=(5, 8), times=3):
    threads = [threading.Thread(target=deposit, args=(a, times)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return balance
"""

ACCOUNT_RACY = """
import threading

class Account:
    def __init__(self):
        self.balance = 0

    def deposit(self, n):
        self.balance = self.balance + n

def run(amounts=(5, 8)):
    acct = Account()
    threads = [threading.Thread(target=acct.deposit, args=(a,)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return acct.balance
"""

ACCOUNT_LOCKED = """
import threading

class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()

    def deposit(self, n):
        with self.lock:
            self.balance = self.balance + n

def run(amounts=(5, 8)):
    acct = Account()
    threads = [threading.Thread(target=acct.deposit, args=(a,)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return acct.balance
"""

AB_DEADLOCK = """
import threading

mutex_a = threading.Lock()
mutex_b = threading.Lock()
done = []

def one():
    with mutex_a:
        with mutex_b:
            done.append(1)

def two():
    with mutex_b:
        with mutex_a:
            done.append(2)

def run():
    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(done)
"""

SAME_ORDER = AB_DEADLOCK.replace(
    "    with mutex_b:\n        with mutex_a:\n            done.append(2)",
    "    with mutex_a:\n        with mutex_b:\n            done.append(2)",
)

# Inverted order, but the second thread only starts after the first finished: never deadlocks.
ORDER_ONLY = """
import threading

mutex_a = threading.Lock()
mutex_b = threading.Lock()

def one():
    with mutex_a:
        with mutex_b:
            pass

def two():
    with mutex_b:
        with mutex_a:
            pass

def run():
    t1 = threading.Thread(target=one)
    t1.start()
    t1.join()
    t2 = threading.Thread(target=two)
    t2.start()
    t2.join()
"""

REENTRANT = """
import threading

lock = threading.{kind}()
total = 0

def add(n):
    global total
    with lock:
        total += n

def add_twice(n):
    with lock:
        add(n)
        add(n)

def run():
    ts = [threading.Thread(target=add_twice, args=(i,)) for i in (1, 2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return total
"""

LIMITED = """
import threading

sem = threading.Semaphore({limit})

def worker(handler, i):
    with sem:
        handler(i)

def run(handler, n=4):
    ts = [threading.Thread(target=worker, args=(handler, i)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
"""

PIPELINE = """
import queue
import threading

def producer(q, items, consumers):
    for item in items:
        q.put(item)
    for _ in range({sentinels}):
        q.put(None)

def consumer(q, out):
    while True:
        item = q.get()
        if item is None:
            break
        out.append(item * 2)

def run(items=(1, 2, 3), consumers=2):
    q = queue.Queue(maxsize=2)
    out = []
    threads = [threading.Thread(target=producer, args=(q, items, consumers))]
    threads += [threading.Thread(target=consumer, args=(q, out)) for _ in range(consumers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(out)
"""

EXECUTOR = """
from concurrent.futures import ThreadPoolExecutor, as_completed
import threading

lock = threading.Lock()
hits = 0

def work(n):
    global hits
    with lock:
        hits += 1
    return n * n

def run(ns=(1, 2, 3)):
    with ThreadPoolExecutor(max_workers=2) as ex:
        futures = [ex.submit(work, n) for n in ns]
        squares = sorted(f.result() for f in as_completed(futures))
        mapped = list(ex.map(work, ns))
    return squares, mapped, hits
"""

POOL = """
from multiprocessing.dummy import Pool
import multiprocessing.dummy

def square(n):
    return n * n

def run(ns=(1, 2, 3)):
    got = []
    with Pool(2) as pool:
        mapped = pool.map(square, ns)
        unordered = sorted(pool.imap_unordered(square, ns))
        r = pool.apply_async(square, (4,), callback=got.append)
        value = r.get()
    pool2 = multiprocessing.dummy.Pool(2)
    lazy = list(pool2.imap(square, ns))
    pool2.close()
    pool2.join()
    return mapped, unordered, value, got, lazy
"""

LEAKY = """
import queue
import threading

def worker(q):
    while True:
        item = q.get()
        if item is None:
            break

def run():
    q = queue.Queue()
    t = threading.Thread(target=worker, args=(q,), daemon=True)
    t.start()
    q.put(1)
    return True
"""

SPIN = """
import threading

ready = False

def setter():
    global ready
    ready = True

def waiter():
    while not ready:
        pass

def run():
    ts = [threading.Thread(target=waiter), threading.Thread(target=setter)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
"""

SLEEPY = """
import threading
import time

event = threading.Event()

def waiter(results):
    results.append(event.wait(timeout=5))
    results.append(time.monotonic())

def run():
    results = []
    t = threading.Thread(target=waiter, args=(results,))
    start = time.monotonic()
    t.start()
    time.sleep(1)
    event.set()
    t.join()
    return results[0], results[1] - start
"""

CRASHY = """
import threading

def worker(xs):
    total = 0
    for x in xs:
        total += 10 // x
    return total

def run():
    t = threading.Thread(target=worker, args=([1, 0],))
    t.start()
    t.join()
"""

CONDITION = """
import threading

class Box:
    def __init__(self):
        self.cond = threading.Condition()
        self.items = []

    def put(self, x):
        with self.cond:
            self.items.append(x)
            self.cond.notify()

    def take(self):
        with self.cond:
            while not self.items:
                self.cond.wait()
            return self.items.pop(0)

def run():
    box = Box()
    got = []
    c = threading.Thread(target=lambda: got.append(box.take()))
    p = threading.Thread(target=box.put, args=(7,))
    c.start()
    p.start()
    c.join()
    p.join()
    return got
"""

MP_COUNTER = """
import multiprocessing

def work(counter, times):
    for _ in range(times):
        {body}

def run(n=2, times=2):
    counter = multiprocessing.Value("i", 0)
    procs = [multiprocessing.Process(target=work, args=(counter, times)) for _ in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return counter.value, [p.exitcode for p in procs]
"""

MP_PIPELINE = """
from multiprocessing import Process, Queue, JoinableQueue

def producer(q, items, consumers):
    for x in items:
        q.put(x)
    for _ in range({sentinels}):
        q.put(None)

def consumer(q, out):
    while True:
        item = q.get()
        if item is None:
            break
        out.put(item * 2)

def run(items=(1, 2, 3), consumers=2):
    q = Queue()
    out = Queue()
    ps = [Process(target=producer, args=(q, items, consumers))]
    ps += [Process(target=consumer, args=(q, out)) for _ in range(consumers)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    results = []
    while not out.empty():
        results.append(out.get())
    return sorted(results)
"""

MP_LIFECYCLE = """
import multiprocessing as mp
import sys
import time

def ok():
    pass

def boom():
    raise ValueError("boom")

def leave(code):
    sys.exit(code)

def forever(ev):
    ev.wait()

def run():
    ev = mp.Event()
    ps = [mp.Process(target=ok), mp.Process(target=boom), mp.Process(target=leave, args=(3,)),
          mp.Process(target=forever, args=(ev,), name="sleeper")]
    before = [p.exitcode for p in ps]
    for p in ps:
        p.start()
    time.sleep(1)
    ps[3].terminate()
    for p in ps:
        p.join()
    return before, [p.exitcode for p in ps], [p.name for p in ps], [p.is_alive() for p in ps], ps[0].pid
"""

MP_PIPE = """
from multiprocessing import Pipe, Process

def child(conn):
    for i in range(3):
        conn.send([i])
    conn.close()

def run():
    parent, child_end = Pipe()
    p = Process(target=child, args=(child_end,))
    p.start()
    got = []
    while True:
        try:
            got.append(parent.recv())
        except EOFError:
            break
    p.join()
    r, w = Pipe(duplex=False)
    w.send("x")
    polled = (r.poll(), r.recv(), r.poll(0.5))
    return got, polled
"""

MP_POOL_MANAGER = """
import multiprocessing

def square(x):
    return x * x

def record(shared, lock, key):
    with lock:
        shared[key] = shared.get(key, 0) + 1

def run():
    with multiprocessing.Pool(2) as pool:
        squares = pool.map(square, [1, 2, 3])
    with multiprocessing.Manager() as m:
        shared, lock = m.dict(), m.Lock()
        ps = [multiprocessing.Process(target=record, args=(shared, lock, "k")) for _ in range(3)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        return squares, dict(shared), multiprocessing.cpu_count() > 0, multiprocessing.current_process().name
"""

MP_GLOBALS = """
import multiprocessing

results = []
total = multiprocessing.Value("i", 0)

def work(x):
    results.append(x)
    with total.get_lock():
        total.value += x

def run():
    ps = [multiprocessing.Process(target=work, args=(x,)) for x in (1, 2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return list(results), total.value
"""

MP_LEAK = """
import multiprocessing

def worker(q):
    q.get()

def run():
    q = multiprocessing.Queue()
    multiprocessing.Process(target=worker, args=(q,)).start()
"""

ASYNC_BANK = """
import asyncio

balance = 0
lock = asyncio.Lock()

async def deposit(n):
    global balance
    {guard}
        current = balance
        await asyncio.sleep(0)
        balance = current + n

async def run():
    await asyncio.gather(deposit(5), deposit(8))
    return balance
"""

ASYNC_ACCOUNT = """
import asyncio

class Account:
    def __init__(self):
        self.balance = 0

    async def deposit(self, n):
        seen = self.balance
        await asyncio.sleep(0)
        self.balance = seen + n

async def run():
    acct = Account()
    await asyncio.gather(acct.deposit(5), acct.deposit(8))
    return acct.balance
"""

ASYNC_AB = """
import asyncio

a = asyncio.Lock()
b = asyncio.Lock()

async def one():
    async with a:
        await asyncio.sleep(0)
        async with b:
            pass

async def two():
    async with {second}:
        await asyncio.sleep(0)
        async with {first}:
            pass

async def run():
    await asyncio.gather(one(), two())
"""

ASYNC_PIPELINE = """
import asyncio

async def consumer(q, out):
    while True:
        item = await q.get()
        if item is None:
            return
        out.append(item * 2)

async def run(consumers=2):
    q = asyncio.Queue()
    out = []
    tasks = [asyncio.create_task(consumer(q, out)) for _ in range(consumers)]
    for x in (1, 2, 3):
        await q.put(x)
    for _ in range({sentinels}):
        await q.put(None)
    await asyncio.gather(*tasks)
    return sorted(out)
"""

ASYNC_LEAK = """
import asyncio

async def worker(q):
    while True:
        await q.get()

async def run():
    q = asyncio.Queue()
    asyncio.create_task(worker(q))
    await q.put(1)
    await asyncio.sleep(1)
"""

ASYNC_TIMEOUTS = """
import asyncio
import time

async def slow():
    await asyncio.sleep(10)
    return "late"

async def run():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        await asyncio.wait_for(slow(), timeout=2)
        r = "no timeout"
    except asyncio.TimeoutError:
        r = "timeout"
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(5)
    except TimeoutError:
        r += "+timeout"
    return r, loop.time() - t0, time.monotonic() - loop.time()
"""

ASYNC_ECHO = """
import asyncio

handlers = []

async def handle(reader, writer):
    handlers.append(asyncio.current_task())
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()
    await writer.wait_closed()

async def run():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    out = []
    for word in (b"hi\\n", b"yo\\n"):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(word)
        await writer.drain()
        out.append(await asyncio.wait_for(reader.readline(), 5))
        writer.close()
        await writer.wait_closed()
    server.close()
    await server.wait_closed()
    await asyncio.gather(*handlers)
    return out
"""

ASYNC_SYNC_ENTRY = """
import asyncio

async def main():
    await asyncio.sleep(3)
    return asyncio.get_running_loop().time()

def run():
    return asyncio.run(main())
"""

ASYNC_ECHO_WAIT_FOR = """
import asyncio

handlers = []
pause = 0.0

async def handle(reader, writer):
    handlers.append(asyncio.current_task())
    try:
        while line := await reader.readline():
            await asyncio.sleep(pause)
            writer.write(line.upper())
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()

async def ask(reader, writer, word, timeout):
    writer.write(word)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.readline(), timeout)
    except asyncio.TimeoutError:
        return "timeout"

async def run(handler_pause, timeout, wait_for_handlers=True):
    global pause
    pause = handler_pause
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    out = [await ask(reader, writer, word, timeout) for word in (b"hi\\n", b"yo\\n")]
    elapsed = loop.time() - t0
    writer.close()
    await writer.wait_closed()
    if wait_for_handlers:
        await asyncio.gather(*handlers)
    server.close()
    await server.wait_closed()
    return out, elapsed
"""

ASYNC_QUIET_CLIENT = """
import asyncio

handlers = []

async def handle(reader, writer):
    handlers.append(asyncio.current_task())
    try:
        async with asyncio.timeout(1.0):
            line = await reader.readline()
        writer.write(line)
    except TimeoutError:
        writer.write(b"idle\\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()

async def run():
    loop = asyncio.get_running_loop()
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    t0 = loop.time()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await asyncio.sleep(5)
    got = await asyncio.wait_for(reader.read(), 10)
    elapsed = loop.time() - t0
    writer.close()
    await writer.wait_closed()
    await asyncio.gather(*handlers)
    server.close()
    await server.wait_closed()
    return got, elapsed
"""

ASYNC_ALWAYS_WRITABLE = """
import asyncio
import socket

async def run():
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    calls = []
    loop.add_writer(a, calls.append, 1)
    try:
        await asyncio.sleep(1)
    finally:
        loop.remove_writer(a)
        a.close()
        b.close()
    return len(calls) > 0, loop.time()
"""
