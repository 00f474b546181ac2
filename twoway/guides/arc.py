"""The default session arc of a reverse mentoring program: seven sessions, each
with a suggested agenda and a few questions for the pair to start from.

Pairs read these on their pair page before each meeting, so they speak to both
partners, plainly, and leave room for the pair's own topics.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArcStep:
    """One session of an arc: its place, title, suggested agenda and questions."""

    number: int
    title: str
    agenda: str
    questions: list[str]


def _step(number: int, title: str, agenda: str, questions: str) -> ArcStep:
    # The agenda is written wrapped above; it is stored and shown as one paragraph.
    paragraph = " ".join(agenda.split())
    return ArcStep(number, title, paragraph, [q.strip() for q in questions.strip().splitlines()])


DEFAULT_ARC: tuple[ArcStep, ...] = (
    _step(
        1,
        "Getting to know each other",
        """
Spend most of the time on each other, not on the program. Share how you each got
to where you are, what a good week at work looks like for you, and what you hope
to take away. Agree how you will work together: how often you meet, where, how
you will reach each other between meetings, and what stays between the two of you.
End by choosing one topic for next time.
""",
        """
What is one thing about your work that most colleagues never see?
What would make these meetings worth the hour for you?
What do you find hard to ask about at work, and why?
How would you like the other to tell you when something is not working?
""",
    ),
    _step(
        2,
        "Digital tools",
        """
The mentor shows, the mentee tries. Pick one or two tools the mentee uses
every week (or avoids), and work through a real task together on the mentee's
own device: a shared document, a chat channel, an AI assistant, a video call set
up properly. Stop to explain why things work the way they do, not only which
button to press. Leave with one habit to try before the next meeting.
""",
        """
Which tool do you use most, and which one do you wish you never had to open?
What did you last ask someone else to do for you on a screen?
Where does your team lose time passing information around?
What would you try if you knew no one was watching?
""",
    ),
    _step(
        3,
        "Social media for business",
        """
Look at how the organisation, its competitors and its customers show up online.
The mentor walks through a platform the mentee rarely uses and explains what
people there expect: tone, formats, what gets shared and what gets ignored.
Read a few real posts and comments about the organisation together. Talk about
what a leader's own presence could look like, and what it should never be.
""",
        """
When did you last change your mind about a company because of something online?
Which of our posts would you scroll past, and why?
What do our customers say about us where we are not listening?
What would you want to be known for if you posted once a month?
""",
    ),
    _step(
        4,
        "Current events and how customers see us",
        """
Bring one news story, trend or conversation each that matters to you. Compare
how it looks from each side: from the mentee's seat in the organisation and from
the mentor's place among friends, peers and customers of their generation.
Ask what the organisation gets right and what it misses about how people
outside see it.
""",
        """
What is a topic your friends talk about that never comes up at work?
How do you think people your age describe our organisation?
Which of our decisions would look different from the outside?
What would surprise our customers about how we work inside?
""",
    ),
    _step(
        5,
        "New business opportunities",
        """
Use what you have learned so far to look ahead. The mentor brings an idea,
product, habit or service they see people adopting; the mentee explains how the
business decides where to invest and what it takes for an idea to get a hearing.
Test one idea together: who would it serve, what would it cost, who would need
to say yes?
""",
        """
What do you pay for, or use every day, that did not exist five years ago?
Where could we serve people we do not serve today?
What stops a good idea from a junior colleague reaching the people who decide?
What is one small experiment we could suggest to someone who can run it?
""",
    ),
    _step(
        6,
        "Tough work situations",
        """
Each brings a real situation, past or present, that was hard to handle:
a difficult conversation, a setback, a conflict, a decision with no good option.
Take turns: one describes it, the other asks questions before giving any advice.
Compare how the same situation looks at different levels of the organisation.
Keep to what you agreed about confidentiality.
""",
        """
What situation at work do you still think about?
What did you wish someone had told you before it happened?
How do you decide when to speak up and when to let something go?
What does a good manager do in that moment, from where you sit?
""",
    ),
    _step(
        7,
        "Closing session",
        """
Look back over your meetings together: what each of you learned, what changed
in how you work, and what surprised you about the other's world. Write down one
thing each of you will keep doing. Decide whether and how you stay in touch,
and thank each other. Then write your closing reflections in Twoway.
""",
        """
What is one thing you do differently since we started?
What did you teach that you did not know you knew?
What would you tell the next pair before their first meeting?
How would you like to stay in touch, if at all?
""",
    ),
)
