"""The grader's own messages in English and Chinese: one catalogue, looked up by message id.

A message id maps to `{"en": ..., "zh": ...}` templates with the same `str.format` placeholders. The
language is set once per process: by the command line in the grader (`--lang` or the locale, see
`grader.learner.lang`) and by the `--grader-lang` option in the test process, so the diagnoses written
there (`grader.explorer.explain`, `grader.plugin`) come out in the learner's language. Names, code and
values are passed in as arguments and never translated.
"""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)
from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "zh")
DEFAULT = "en"

_current = DEFAULT

MESSAGES: dict[str, dict[str, str]] = {
    # -- terminal report --------------------------------------------------------------------------
    "status.pass": {"en": "PASS", "zh": "通过"},
    "status.fail": {"en": "FAIL", "zh": "失败"},
    "status.error": {"en": "ERROR", "zh": "错误"},
    "status.timeout": {"en": "TIMEOUT", "zh": "超时"},
    "term.more_lines": {
        "en": "... ({n} more lines in --json output)",
        "zh": "……（另有 {n} 行，见 --json 输出）",
    },
    "term.hint": {"en": "hint: {hint}", "zh": "提示：{hint}"},
    "term.also_fails": {"en": "also fails: {names} (same cause)", "zh": "同样失败（原因相同）：{names}"},
    "term.leftover": {
        "en": "note: {n} leftover process(es) were killed",
        "zh": "注意：已结束 {n} 个残留的进程",
    },
    "term.score": {"en": "Score: ", "zh": "得分："},
    "cap.sentence": {
        "en": "Capped at {limit} of {max}{share}: the passing tests earned {earned}, but {reasons} costs the "
        "majority of the points.",
        "zh": "得分上限为 {limit} / {max}{share}：通过的测试共得 {earned} 分，但{reasons}，要扣去大部分分数。",
    },
    "cap.kinds": {"en": "a concurrency bug ({kinds})", "zh": "存在并发错误（{kinds}）"},
    "cap.tests": {
        "en": "failing the exercise's concurrency property ({names})",
        "zh": "没有满足本练习的并发性质（{names}）",
    },
    "cap.and": {"en": " and ", "zh": "，并且"},
    "cap.more": {"en": " and {n} more", "zh": " 等另外 {n} 个"},
    "term.next": {"en": "Next:", "zh": "下一步："},
    "next.full_marks": {
        "en": "Full marks. See the other exercises with: grade list",
        "zh": "满分！查看其他练习：grade list",
    },
    "next.next": {"en": "Run: grade next   for the next exercise", "zh": "运行：grade next   进入下一个练习"},
    "next.import_error": {
        "en": "Fix the import error first: run `python <your file>` to see it.",
        "zh": "先修复导入错误：运行 `python <你的文件>` 查看。",
    },
    "next.read_hints": {"en": "Read {path} for hints.", "zh": "提示见 {path}。"},
    "next.hint_cmd": {
        "en": "Run: grade hint {exercise}   for the hint that fits this failure",
        "zh": "运行：grade hint {exercise}   查看适合这次失败的提示",
    },
    "next.seed": {
        "en": "Run: grade {exercise} --seed {seed}   to replay the same schedules",
        "zh": "运行：grade {exercise} --seed {seed}   重放相同的调度",
    },
    "next.replay": {
        "en": "Run: grade replay {path}   to re-run the failing schedules",
        "zh": "运行：grade replay {path}   重新运行失败的调度",
    },
    "next.save": {"en": "Save your file to grade it again.", "zh": "保存文件即可重新评分。"},
    "next.again": {
        "en": "Run: grade {exercise}   again after changing your code",
        "zh": "修改代码后再运行：grade {exercise}",
    },
    # -- the learner's screens (grader.reporters.learner, grader.learner) ------------------------------
    "mark.done": {"en": "done", "zh": "已完成"},
    "mark.started": {"en": "started", "zh": "进行中"},
    "mark.not_started": {"en": "not started", "zh": "未开始"},
    "col.status": {"en": "status", "zh": "状态"},
    "col.id": {"en": "id", "zh": "编号"},
    "col.slug": {"en": "slug", "zh": "简称"},
    "col.score": {"en": "score", "zh": "得分"},
    "col.title": {"en": "title", "zh": "标题"},
    "progress.topic": {"en": "{topic}: {done}/{total} done", "zh": "{topic}：已完成 {done}/{total}"},
    "progress.total": {
        "en": "Progress: {done}/{total} done, {started} started, {not_started} not started",
        "zh": "进度：已完成 {done}/{total}，进行中 {started}，未开始 {not_started}",
    },
    "start.read": {
        "en": "Read:  grade show {number}   (add --lang zh for Chinese)",
        "zh": "阅读：grade show {number}   （加 --lang en 显示英文）",
    },
    "start.edit": {"en": "Edit:  {stub}   where it says # TODO:", "zh": "编辑：{stub}   中标有 # TODO: 的地方"},
    "start.run": {
        "en": "Run:   grade watch {number}   regrades on every save (Ctrl-C stops)",
        "zh": "运行：grade watch {number}   每次保存都会重新评分（Ctrl-C 停止）",
    },
    "start.stuck": {
        "en": "Stuck: grade hint {number}   shows the hint that fits your last failure",
        "zh": "卡住了：grade hint {number}   显示适合你上次失败的提示",
    },
    "next.all_done": {"en": "Every exercise is done. Well done!", "zh": "所有练习都完成了，干得好！"},
    "next.title": {"en": "Next: {exercise} {slug}: {title}", "zh": "下一个：{exercise} {slug}：{title}"},
    "next.started": {"en": "  (started)", "zh": "  （进行中）"},
    "hint.heading": {"en": "{exercise} hint {number} of {total}", "zh": "{exercise} 提示 {number}/{total}"},
    "hint.for_failure": {"en": "  (for your last failure: {kind})", "zh": "  （针对你上次的失败：{kind}）"},
    "hint.more": {"en": "{n} more: grade hint {exercise}", "zh": "还有 {n} 条：grade hint {exercise}"},
    "hint.last": {
        "en": "That was the last hint. See any again: grade hint {exercise} N",
        "zh": "这是最后一条提示。再看任意一条：grade hint {exercise} N",
    },
    "hint.all_seen": {
        "en": "You have seen all {n} hints of {exercise}. See one again: grade hint {exercise} N",
        "zh": "{exercise} 的 {n} 条提示你都看过了。再看一条：grade hint {exercise} N",
    },
    "watch.grading": {
        "en": "{exercise} {slug}: grading {stub} (at most {limit} s)",
        "zh": "{exercise} {slug}：正在评分 {stub}（最多 {limit} 秒）",
    },
    "watch.watching": {
        "en": "Watching {stub}: save to regrade; grade hint {exercise} for a hint; Ctrl-C to stop.",
        "zh": "正在监视 {stub}：保存即重新评分；grade hint {exercise} 查看提示；Ctrl-C 停止。",
    },
    "watch.stopped": {"en": "Stopped watching.", "zh": "已停止监视。"},
    "watch.missing": {
        "en": "{path} is missing; waiting for it to be saved again",
        "zh": "{path} 不见了；等待它被重新保存",
    },
    "watch.all_done": {
        "en": "Every exercise is done: name one to watch it anyway (grade watch EXERCISE).",
        "zh": "所有练习都完成了：如果仍想监视，请指定一个练习（grade watch EXERCISE）。",
    },
    # -- diagnosis kinds, as the terminal shows them ------------------------------------------------
    "kind.wrong_result": {"en": "wrong_result", "zh": "结果错误"},
    "kind.error": {"en": "error", "zh": "错误"},
    "kind.import_error": {"en": "import_error", "zh": "导入错误"},
    "kind.timeout": {"en": "timeout", "zh": "超时"},
    "kind.crash": {"en": "crash", "zh": "崩溃"},
    "kind.lost_update": {"en": "lost_update", "zh": "更新丢失"},
    "kind.deadlock": {"en": "deadlock", "zh": "死锁"},
    "kind.lock_order": {"en": "lock_order", "zh": "锁顺序"},
    "kind.mutual_exclusion": {"en": "mutual_exclusion", "zh": "互斥"},
    "kind.over_limit": {"en": "over_limit", "zh": "超过上限"},
    "kind.serialized": {"en": "serialized", "zh": "被串行化"},
    "kind.lost_item": {"en": "lost_item", "zh": "元素丢失"},
    "kind.leaked_thread": {"en": "leaked_thread", "zh": "线程泄漏"},
    "kind.leaked_process": {"en": "leaked_process", "zh": "进程泄漏"},
    "kind.memory_limit": {"en": "memory_limit", "zh": "内存超限"},
    "kind.output_limit": {"en": "output_limit", "zh": "输出超限"},
    "kind.resource_limit": {"en": "resource_limit", "zh": "资源超限"},
    "kind.tampering": {"en": "tampering", "zh": "篡改"},
    # -- the explorer's hints (grader.explorer.explain.HINTS and friends) ---------------------------
    "hint.lost_update": {
        "en": "Hold one Lock around the whole read-modify-write (with lock: ...), in every thread that does it.",
        "zh": "在每个做“读-改-写”的线程里，用同一把 Lock 把整个“读-改-写”包起来（with lock: ...）。",
    },
    "hint.deadlock": {
        "en": "Look at what each thread above waits for and who could still give it: every wait needs a "
        "thread left that will release, put or signal what it waits for.",
        "zh": "看看上面每个线程在等什么、谁还能给它：每个等待都需要还有一个线程会释放、放入或通知它所等的东西。",
    },
    "hint.lock_order": {
        "en": "Always acquire these locks in the same order in every thread (or take them together).",
        "zh": "在每个线程中都以相同的顺序获取这些锁（或者一起获取）。",
    },
    "hint.timeout": {
        "en": "Don't spin on a shared flag: block on an Event, Condition or queue, and make sure every loop ends.",
        "zh": "不要在共享标志上忙等：用 Event、Condition 或队列来阻塞等待，并确保每个循环都会结束。",
    },
    "hint.leaked_thread": {
        "en": "join() every thread you start, and stop workers (sentinel, shutdown, close+join) before returning.",
        "zh": "对启动的每个线程调用 join()，并在返回前停止工作线程（哨兵值、shutdown、close+join）。",
    },
    "hint.leaked_process": {
        "en": "join() every Process you start (after telling it to stop: a sentinel, an Event), or "
        "terminate() it and then join() it.",
        "zh": "对启动的每个 Process 调用 join()（先通知它停止：哨兵值、Event），或者先 terminate() 再 join()。",
    },
    "hint.wrong_result": {
        "en": "Follow the steps above: the result depends on how the threads interleaved.",
        "zh": "跟着上面的步骤看：结果取决于线程交错执行的顺序。",
    },
    "hint.error": {
        "en": "An exception was raised at the line shown; fix it (a thread that dies does not run the rest of "
        "its work).",
        "zh": "所示的行抛出了异常，请修复它（线程一旦异常退出，就不会完成剩下的工作）。",
    },
    "hint.import_error": {
        "en": "The file must import cleanly: fix the error shown.",
        "zh": "文件必须能正常导入：请修复所示的错误。",
    },
    "hint.over_limit": {
        "en": "More threads were inside at once than allowed: guard the section with a Semaphore of the right size.",
        "zh": "同时进入的线程超过了允许的数量：用大小合适的 Semaphore（信号量）保护这段代码。",
    },
    "hint.mutual_exclusion": {
        "en": "Two threads were inside the critical section at once: guard it with one shared Lock.",
        "zh": "两个线程同时进入了临界区：用同一把共享的 Lock 保护它。",
    },
    "hint.serialized": {
        "en": "The threads never overlapped: hold the lock only around the shared update, not the whole job.",
        "zh": "线程从未并发执行：只在更新共享数据时持有锁，而不是在整个任务期间。",
    },
    "hint.lost_item": {
        "en": "Every item put into the queue must be taken out and processed exactly once.",
        "zh": "放入队列的每一项都必须被取出并且恰好处理一次。",
    },
    "hint.self_deadlock": {
        "en": "A threading.Lock cannot be taken again by the thread that holds it: take it once (release it "
        "before calling code that takes it), or make it a threading.RLock if the same thread must re-enter it.",
        "zh": "持有 threading.Lock 的线程不能再次获取它：只获取一次（调用会获取它的代码前先释放），"
        "如果同一线程必须重入，就改用 threading.RLock。",
    },
    "hint.async_deadlock": {
        "en": "Take asyncio locks in one fixed order in every task, and make sure every await has someone left "
        "to complete it (a put() per get(), a set() for every wait()).",
        "zh": "每个任务都按同一个固定顺序获取 asyncio 锁，并确保每个 await 都有人来完成它"
        "（每个 get() 对应一个 put()，每个 wait() 对应一个 set()）。",
    },
    "hint.async_leaked_thread": {
        "en": "Await every task you create (await task, gather, TaskGroup), or cancel it and await it, "
        "before returning.",
        "zh": "返回前 await 你创建的每个任务（await task、gather、TaskGroup），或者先取消再 await。",
    },
    "hint.generic": {
        "en": "Look at the interleaving above: which step should not have been allowed to happen there?",
        "zh": "看看上面的交错执行过程：哪一步不应该在那里发生？",
    },
    "hint.test": {
        "en": "The check above says what the contract expects; the steps show the interleaving that broke it.",
        "zh": "上面的检查说明了约定的要求；步骤展示了破坏它的交错执行过程。",
    },
    # -- explanations (grader.explorer.explain) ------------------------------------------------------
    "explain.hint_line": {"en": "Hint: {hint}", "zh": "提示：{hint}"},
    "explain.line": {"en": "line {line}: {source}", "zh": "第 {line} 行：{source}"},
    "explain.line_bare": {"en": "line {line}", "zh": "第 {line} 行"},
    "explain.test_line": {"en": "test line {line}: {source}", "zh": "测试第 {line} 行：{source}"},
    "explain.in_test_line": {"en": "in the test at line {line}", "zh": "测试第 {line} 行"},
    "explain.schedule": {
        "en": "Schedule: {name}, seed {seed}, {preemptions} preemption(s) in {decisions} scheduling decisions "
        "(replaying its decisions reproduces this exact run).",
        "zh": "调度：{name}，种子 {seed}，{decisions} 次调度决策中有 {preemptions} 次抢占"
        "（按这些决策重放即可重现这次运行）。",
    },
    "strategy.roundrobin": {"en": "round-robin", "zh": "轮转"},
    "strategy.random": {"en": "random walk", "zh": "随机游走"},
    "strategy.pct2": {"en": "PCT depth 2", "zh": "PCT 深度 2"},
    "strategy.pct3": {"en": "PCT depth 3", "zh": "PCT 深度 3"},
    "strategy.dfs": {"en": "systematic search", "zh": "系统搜索"},
    "strategy.replay": {"en": "replayed schedule", "zh": "重放的调度"},
    "wait.acquire": {"en": "waits to acquire {obj}", "zh": "等待获取 {obj}"},
    "wait.get": {"en": "waits in {obj}.get() (the queue is empty)", "zh": "在 {obj}.get() 中等待（队列为空）"},
    "wait.put": {"en": "waits in {obj}.put() (the queue is full)", "zh": "在 {obj}.put() 中等待（队列已满）"},
    "wait.qjoin": {
        "en": "waits in {obj}.join() for task_done() calls",
        "zh": "在 {obj}.join() 中等待 task_done() 调用",
    },
    "wait.join": {"en": "waits for {obj} to finish (join)", "zh": "等待 {obj} 结束（join）"},
    "wait.wait": {"en": "waits on {obj}", "zh": "在 {obj} 上等待"},
    "wait.barrier": {"en": "waits at {obj}", "zh": "在 {obj} 处等待"},
    "wait.result": {"en": "waits for the result of {obj}", "zh": "等待 {obj} 的结果"},
    "wait.as_completed": {"en": "waits for a future to complete", "zh": "等待某个 future 完成"},
    "wait.sleep": {"en": "sleeps", "zh": "休眠"},
    "wait.recv": {
        "en": "waits in {obj}.recv() (nothing was sent, and the other end is still open)",
        "zh": "在 {obj}.recv() 中等待（没有数据发来，另一端仍然打开）",
    },
    "wait.poll": {"en": "waits in {obj}.poll()", "zh": "在 {obj}.poll() 中等待"},
    "wait.await": {
        "en": "waits at an await that nothing is left to complete",
        "zh": "在一个没有人能完成的 await 处等待",
    },
    "wait.loop": {
        "en": "runs the event loop and waits for a callback",
        "zh": "运行事件循环并等待回调",
    },
    "wait.other": {"en": "waits in {op} on {obj}", "zh": "在 {obj} 上的 {op} 中等待"},
    # the explorer's logged events: a verb and the rest as logged, or a template around an object's name
    "event.acquires": {"en": "acquires {rest}", "zh": "获取 {rest}"},
    "event.releases": {"en": "releases {rest}", "zh": "释放 {rest}"},
    "event.reads": {"en": "reads {rest}", "zh": "读取 {rest}"},
    "event.writes": {"en": "writes {rest}", "zh": "写入 {rest}"},
    "event.starts": {"en": "starts {rest}", "zh": "启动 {rest}"},
    "event.terminates": {"en": "terminates {rest}", "zh": "终止 {rest}"},
    "event.sleeps": {"en": "sleeps {rest}", "zh": "休眠 {rest}"},
    "event.notifies": {"en": "notifies {rest}", "zh": "通知 {rest}"},
    "event.sets": {"en": "sets {rest}", "zh": "设置 {rest}"},
    "event.closes": {"en": "closes {rest}", "zh": "关闭 {rest}"},
    "event.waits_for": {"en": "waits for {obj}", "zh": "等待 {obj}"},
    "event.waits_on": {"en": "waits on {obj}", "zh": "在 {obj} 上等待"},
    "event.waits_get": {
        "en": "waits in {obj}.get(): the queue is empty",
        "zh": "在 {obj}.get() 中等待：队列为空",
    },
    "event.waits_put": {
        "en": "waits in {obj}.put(): the queue is full",
        "zh": "在 {obj}.put() 中等待：队列已满",
    },
    "event.waits_recv": {"en": "waits in {obj}.recv()", "zh": "在 {obj}.recv() 中等待"},
    "event.gives_up": {"en": "gives up waiting for {obj}", "zh": "放弃等待 {obj}"},
    "where.not_started": {"en": "was started but has not run yet", "zh": "已启动但尚未运行"},
    "where.running": {"en": "is still running", "zh": "仍在运行"},
    "where.holding": {"en": " (holding {held})", "zh": "（持有 {held}）"},
    "where.at": {"en": ", at {loc}", "zh": "，位于{loc}"},
    "explain.last_events": {"en": "Last events:", "zh": "最后的事件："},
    "explain.last_events_check": {"en": "Last events before the check:", "zh": "检查前的最后事件："},
    "deadlock.self": {
        "en": "DEADLOCK: a thread waits for a lock it already holds itself.",
        "zh": "死锁：一个线程在等待它自己已经持有的锁。",
    },
    "deadlock.cycle": {
        "en": "DEADLOCK: every live thread is waiting for a lock held by another one.",
        "zh": "死锁：每个存活的线程都在等待另一个线程持有的锁。",
    },
    "deadlock.stuck": {
        "en": "DEADLOCK: no thread can continue: every live thread is blocked and nobody is left to wake it.",
        "zh": "死锁：没有线程能继续执行：每个存活的线程都被阻塞，也没有人能唤醒它们。",
    },
    "deadlock.async_self": {
        "en": "DEADLOCK: a task waits for a lock it already holds itself. (asyncio: nothing is ready and no "
        "timer is pending)",
        "zh": "死锁：一个任务在等待它自己已经持有的锁。（asyncio：没有就绪的任务，也没有待触发的定时器）",
    },
    "deadlock.async_cycle": {
        "en": "DEADLOCK: every live task is waiting for a lock held by another one. (asyncio: nothing is ready "
        "and no timer is pending)",
        "zh": "死锁：每个存活的任务都在等待另一个任务持有的锁。（asyncio：没有就绪的任务，也没有待触发的定时器）",
    },
    "deadlock.async_stuck": {
        "en": "DEADLOCK: no task can continue: every live task is blocked and nobody is left to wake it. "
        "(asyncio: nothing is ready and no timer is pending)",
        "zh": "死锁：没有任务能继续执行：每个存活的任务都被阻塞，也没有人能唤醒它们。"
        "（asyncio：没有就绪的任务，也没有待触发的定时器）",
    },
    "deadlock.reenter": {
        "en": "  {thread} already holds {lock}{same} and tries to acquire it again, at {loc} -- a Lock is not "
        "reentrant: use RLock, or don't take it twice",
        "zh": "  {thread} 已经持有 {lock}{same}，又在 {loc} 再次获取它 —— Lock 不可重入：改用 RLock，或者不要获取两次",
    },
    "deadlock.same_lock": {"en": " ({names} are one and the same lock)", "zh": "（{names} 是同一把锁）"},
    "deadlock.holds_and": {"en": "holds {held} and ", "zh": "持有 {held}，并"},
    "deadlock.held_by": {"en": " (held by {owner})", "zh": "（由 {owner} 持有）"},
    "deadlock.waits_for": {
        "en": "  {thread} {hold}waits for {lock}{by}, at {loc}",
        "zh": "  {thread} {hold}等待 {lock}{by}，位于{loc}",
    },
    "deadlock.other_wait": {"en": "  {thread} {what}{hold}, at {loc}", "zh": "  {thread} {what}{hold}，位于{loc}"},
    "deadlock.starved": {
        "en": "  {obj} has no free slot: {takers} took one and finished without releasing it. Release in a "
        "finally: (or use with) so that an exception cannot keep a slot.",
        "zh": "  {obj} 没有空闲名额：{takers} 各拿走一个，结束时却没有释放。请在 finally: 中释放"
        "（或使用 with），这样异常也不会占住名额。",
    },
    "deadlock.no_item": {
        "en": "  {names} wait(s) for an item that will never come: no thread that could put() one is still "
        "running{finished}. {count} consumer(s) never got a stop signal: did every consumer get its own sentinel?",
        "zh": "  {names} 在等待一个永远不会到来的元素：能够 put() 的线程都已不在运行{finished}。"
        "有 {count} 个消费者没有收到停止信号：每个消费者都拿到自己的哨兵值了吗？",
    },
    "deadlock.finished": {"en": " ({names} already finished)", "zh": "（{names} 已经结束）"},
    "lost.head": {"en": "LOST UPDATE on {label} ({what}):", "zh": "{label} 的更新丢失（{what}）："},
    "lost.global": {"en": "a shared global variable", "zh": "一个共享的全局变量"},
    "lost.attribute": {"en": "an attribute shared by the threads", "zh": "一个被多个线程共享的属性"},
    "lost.stale_step": {
        "en": ", computed from the stale value it read in step 1   (",
        "zh": "，由它在第 1 步读到的过时值算出   (",
    },
    "lost.stale": {"en": " (computed from a stale read)", "zh": "（由过时的读取算出）"},
    "lost.in_steps": {"en": "{thread} in steps {steps}", "zh": "{thread} 在第 {steps} 步"},
    "lost.in_step": {"en": "{thread} in step {steps}", "zh": "{thread} 在第 {steps} 步"},
    "lost.one": {
        "en": "  -> the write made by {who} is lost: {reader} read {label} before it and wrote after, as if it "
        "never happened (even if the final value looks right).",
        "zh": "  -> {who} 的写入丢失了：{reader} 在它之前读取了 {label}，又在它之后写入，"
        "仿佛它从未发生（即使最终的值看起来是对的）。",
    },
    "lost.many": {
        "en": "  -> the writes made by {who} are lost: {reader} read {label} before them and wrote after, as if "
        "they never happened (even if the final value looks right).",
        "zh": "  -> {who} 的写入丢失了：{reader} 在它们之前读取了 {label}，又在它们之后写入，"
        "仿佛它们从未发生（即使最终的值看起来是对的）。",
    },
    "timeout.hung": {
        "en": "TIMEOUT: a schedule did not finish in real time: a thread is blocked outside the grader's "
        "control (real I/O, or a blocking call the grader does not model).",
        "zh": "超时：一个调度没有在实际时间内结束：某个线程阻塞在评分器控制之外"
        "（真实的 I/O，或评分器没有模拟的阻塞调用）。",
    },
    "timeout.steps": {
        "en": "TIMEOUT: the threads took more than {steps} steps without finishing: a livelock or busy-wait "
        "(a loop that waits for another thread without blocking)? Where each thread was:",
        "zh": "超时：线程执行了超过 {steps} 步仍未结束：是活锁还是忙等（一个不阻塞地等待其他线程的循环）？"
        "各线程所在位置：",
    },
    "leak.thread_one": {
        "en": "LEAKED THREAD: the scenario returned while {names} was still alive:",
        "zh": "线程泄漏：场景返回时 {names} 仍然存活：",
    },
    "leak.thread_many": {
        "en": "LEAKED THREAD: the scenario returned while {names} were still alive:",
        "zh": "线程泄漏：场景返回时 {names} 仍然存活：",
    },
    "leak.task_one": {
        "en": "LEAKED TASK: the scenario returned while the asyncio task {names} was still pending (await every "
        "task you create, or cancel it and await it):",
        "zh": "任务泄漏：场景返回时 asyncio 任务 {names} 仍未完成（await 你创建的每个任务，或者先取消再 await）：",
    },
    "leak.task_many": {
        "en": "LEAKED TASK: the scenario returned while the asyncio tasks {names} were still pending (await "
        "every task you create, or cancel it and await it):",
        "zh": "任务泄漏：场景返回时 asyncio 任务 {names} 仍未完成（await 你创建的每个任务，或者先取消再 await）：",
    },
    "leak.process_one": {
        "en": "LEAKED PROCESS: the scenario returned while {names} was still running (a process you start "
        "must be joined):",
        "zh": "进程泄漏：场景返回时 {names} 仍在运行（启动的进程必须 join）：",
    },
    "leak.process_many": {
        "en": "LEAKED PROCESS: the scenario returned while {names} were still running (a process you start "
        "must be joined):",
        "zh": "进程泄漏：场景返回时 {names} 仍在运行（启动的进程必须 join）：",
    },
    "order.head": {
        "en": "LOCK ORDER: threads take the same locks in opposite orders. This run was lucky; another "
        "interleaving deadlocks:",
        "zh": "锁顺序：多个线程以相反的顺序获取同样的锁。这次运行只是运气好；换一种交错执行就会死锁：",
    },
    "order.line": {
        "en": "  {thread} holds {held} and then takes {wanted}, at {loc}",
        "zh": "  {thread} 持有 {held}，然后获取 {wanted}，位于{loc}",
    },
    "order.detail": {"en": "takes {wanted} while holding {held}", "zh": "持有 {held} 时获取 {wanted}"},
    "error.thread": {"en": "ERROR: {thread} died with {desc}", "zh": "错误：{thread} 因 {desc} 而终止"},
    "error.scenario": {"en": "ERROR: the scenario raised {desc}", "zh": "错误：场景抛出了 {desc}"},
    "wrong.head": {"en": "WRONG RESULT: {text}", "zh": "结果错误：{text}"},
    "wrong.assertion": {"en": "assertion failed", "zh": "断言失败"},
    "import.head": {
        "en": "IMPORT ERROR: {module} could not be loaded: {desc}",
        "zh": "导入错误：无法加载 {module}：{desc}",
    },
    "import.submission": {"en": "the submission", "zh": "提交的文件"},
    "import.short": {"en": "IMPORT ERROR: {text}", "zh": "导入错误：{text}"},
    "violation.raised_in": {"en": " (raised in {thread})", "zh": "（在 {thread} 中抛出）"},
    # -- the test process's generic messages (grader.plugin) -----------------------------------------
    "plugin.at": {"en": " (at {where})", "zh": "（位于 {where}）"},
    "plugin.limit_seconds": {"en": "{seconds} s", "zh": "{seconds} 秒"},
    "plugin.limit_unknown": {"en": "its time limit", "zh": "规定时间"},
    "plugin.timeout": {
        "en": "The test did not finish within {limit}{at}: a deadlock, a lost wake-up or an endless loop?",
        "zh": "测试没有在 {limit} 内结束{at}：是死锁、丢失的唤醒，还是死循环？",
    },
    "plugin.timeout_hint": {
        "en": "Look for a wait that nothing will ever end: threads or processes waiting on each other, or "
        "a loop that never stops.",
        "zh": "找找永远不会结束的等待：互相等待的线程或进程，或者一个永不停止的循环。",
    },
    "plugin.import": {
        "en": "Your submission could not be imported: {desc}{at}",
        "zh": "无法导入你提交的文件：{desc}{at}",
    },
    "plugin.import_hint": {
        "en": "Run `python -c 'import <module>'` next to your file to see the full error.",
        "zh": "在你的文件旁边运行 `python -c 'import <module>'` 查看完整的错误。",
    },
    "plugin.assertion": {"en": "An assertion failed.", "zh": "断言失败。"},
    "plugin.wrong": {"en": "Wrong result{at}: {text}", "zh": "结果错误{at}：{text}"},
    "plugin.todo": {"en": "Not implemented yet: finish the TODO{at}.", "zh": "尚未实现：完成 TODO{at}。"},
    "plugin.raised": {"en": "Your code raised {text}{at}", "zh": "你的代码抛出了 {text}{at}"},
    "plugin.memory": {
        "en": "Your code ran out of memory{at}: it tried to use more than the grader allows.",
        "zh": "你的代码内存不足{at}：它试图使用超过评分器允许的内存。",
    },
    "plugin.memory_hint": {
        "en": "Look for a list, queue or buffer that grows without bound.",
        "zh": "找找无限增长的列表、队列或缓冲区。",
    },
    "plugin.output": {
        "en": "Your code wrote a file (or printed) more than the grader allows{at}.",
        "zh": "你的代码写入文件（或打印）的内容超过了评分器允许的大小{at}。",
    },
    "plugin.output_hint": {
        "en": "Remove print statements from loops and do not write large files.",
        "zh": "去掉循环中的 print 语句，不要写大文件。",
    },
    "plugin.resource": {
        "en": "Your code started more processes or threads than the grader allows{at}.",
        "zh": "你的代码启动的进程或线程超过了评分器允许的数量{at}。",
    },
    "plugin.resource_hint": {
        "en": "Use a fixed-size pool of workers instead of starting one per item.",
        "zh": "使用固定大小的工作池，而不是每一项启动一个。",
    },
    "plugin.network": {
        "en": "Your code tried to use the network{at}, which is disabled while grading.",
        "zh": "你的代码试图使用网络{at}，而评分期间网络是禁用的。",
    },
    "plugin.network_hint": {"en": "Only 127.0.0.1 (loopback) is available.", "zh": "只能使用 127.0.0.1（回环地址）。"},
    "plugin.import_lead": {"en": "Your submission could not be imported", "zh": "无法导入你提交的文件"},
    "plugin.tests_lead": {"en": "The tests could not be loaded", "zh": "无法加载测试"},
    "plugin.in_phase": {"en": "In test {phase}: {message}", "zh": "测试的 {phase} 阶段：{message}"},
    "plugin.skipped": {
        "en": "The test was skipped, which never earns points: {reason}",
        "zh": "测试被跳过了，跳过的测试不得分：{reason}",
    },
}


def set_language(lang: str) -> None:
    """Use `lang` for every later lookup in this process (an unknown language is English)."""
    global _current
    _current = lang if lang in LANGUAGES else DEFAULT


def language() -> str:
    """The language lookups currently use."""
    return _current


def t(msg_id: str, lang: str | None = None, **values: Any) -> str:
    """The message `msg_id` in `lang` (default: the process's language), formatted with `values`."""
    texts = MESSAGES[msg_id]
    template = texts.get(lang or _current) or texts[DEFAULT]
    return template.format(**values) if values else template


def local(msg_id: str, english: str, **values: Any) -> str:
    """`english` (a text its module keeps itself) in English, else the catalogue's translation of `msg_id`."""
    if _current == DEFAULT or msg_id not in MESSAGES:
        return english.format(**values) if values else english
    return t(msg_id, **values)


def event(detail: str | tuple[str, str]) -> str:
    """A logged event's text: `detail` as logged, or (template with "{}", the object's name)."""
    if isinstance(detail, str):
        verb, _, rest = detail.partition(" ")
        if _current == DEFAULT or not rest or f"event.{verb}" not in MESSAGES:
            return detail
        return t(f"event.{verb}", rest=rest)
    template, name = detail
    if _current != DEFAULT:
        for msg_id, texts in MESSAGES.items():
            if msg_id.startswith("event.") and texts[DEFAULT].replace("{obj}", "{}") == template:
                return t(msg_id, obj=name)
    return template.format(name)


def has(msg_id: str) -> bool:
    """Whether the catalogue knows `msg_id` (for ids built from data, such as a diagnosis kind)."""
    return msg_id in MESSAGES


def kind_label(kind: str) -> str:
    """A diagnosis kind as the learner reads it (the identifier itself in English)."""
    return t(f"kind.{kind}") if has(f"kind.{kind}") else kind
