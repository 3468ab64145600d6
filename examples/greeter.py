"""A multi-turn agent: it asks for your name, then greets you.

The first message of a task gets a question (the task goes to
INPUT_REQUIRED); the answer, sent with the same task id, completes it.

    a2a serve examples/greeter.py --port 8000
"""

from a2a.agent import TaskContext, agent
from a2a.types import Message, TaskState


@agent(name="Greeter", description="Asks for your name, then greets you.")
async def greeter(message: Message, task: TaskContext) -> None:
    if task.state is TaskState.TASK_STATE_INPUT_REQUIRED:
        name = message.text.strip() or "stranger"
        await task.working()
        await task.artifact(f"Hello, {name}!", name="greeting")
        await task.complete()
    else:
        await task.ask("What is your name?")
