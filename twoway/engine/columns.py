"""Where each fact sits in the arrays ``Context`` builds and the kernels read.

``Context`` writes by these names and the kernels read by them, so the two
cannot drift apart. They are plain module-level integers: numba freezes
globals into the compiled code as constants, so a named read costs what a
literal did (an ``Enum`` would not compile inside the kernels). Frozen also
means cached: the on-disk cache of the kernels is keyed on this file too
(``twoway.engine.kernel_cache``).

The tuples handed to the kernels:

``Side``  one side's people: ``S_*`` below
``Index`` per skill, who on one side offers and wants it: ``I_*``
``Rules`` the constraints and weights: ``R_*``, with the parameter vectors
          ``R_INTS`` (``P_*``) and ``R_FLOATS`` (``F_*``)
``Tokens`` per person, the skills it can share, each in one direction:
          ``T_*`` (see ``Context.mentor_tokens``)
"""

from __future__ import annotations

from twoway.engine.types import LINES

# "Not stated", in any int64 column.
UNKNOWN = -(2**62)

# Columns of a side's attribute table (``S_ATTR``), one row per person.
LEVEL = 0
DEPARTMENT = 1
LOCATION = 2
GENERATION = 3
GENDER = 4
UTC_OFFSET = 5  # minutes
AVAILABILITY = 6  # bit mask of time windows
FORMATS = 7  # bit mask of meeting formats
N_ATTRS = 8

# ``Side``: arrays by person, CSR lists as (pointers, values...).
S_IDS = 0
S_ATTR = 1
S_BG_PTR = 2  # background tags, sorted per person
S_BG_TAGS = 3
S_MANAGERS = 4  # the reporting line, nearest first, padded with UNKNOWN
S_OFFER_PTR = 5
S_OFFER_SKILL = 6
S_OFFER_LEVEL = 7
S_WANT_PTR = 8
S_WANT_SKILL = 9
S_WANT_LEVEL = 10

# ``Index``: by skill, the people (by index, ascending) and their levels.
I_OFFER_PTR = 0
I_OFFER_WHO = 1
I_OFFER_LEVEL = 2
I_WANT_PTR = 3
I_WANT_WHO = 4
I_WANT_LEVEL = 5

# ``Rules``.
R_INTS = 0
R_FLOATS = 1
R_EX_PTR = 2  # excluded pairs: per mentee, the mentors, sorted
R_EX_MENTOR = 3
R_SC_PTR = 4  # explicit scores: per mentee, the listed mentors, sorted
R_SC_MENTOR = 5
R_SC_SCORE = 6
R_VALUES = 7  # topic values by [teacher level, learner level]

# The integer parameters, ``Rules[R_INTS]``.
P_DEPTH = 0  # reporting-line depth
P_SENIOR = 1  # SENIOR_NONE, SENIOR_MENTOR or SENIOR_MENTEE
P_MIN_GAP = 2  # smallest level gap, 0 for none
P_MUST = 3  # LINE_* bits of the lines every pair must cross
P_VALUED = 4  # LINE_* bits of the lines whose crossing scores
P_N_VALUED = 5  # how many lines are valued
P_EXPLICIT = 6  # 1: scores are given, only listed pairs may match
N_INTS = 7

SENIOR_NONE = 0
SENIOR_MENTOR = 1
SENIOR_MENTEE = 2

# The float parameters, ``Rules[R_FLOATS]``.
F_MAX_TZ = 0  # largest time-zone difference, minutes (inf: none)
F_W_TEACH = 1  # F_W_TEACH .. F_W_TIME_ZONE: the weights, in COMPONENTS order
F_W_TEACH_BACK = 2
F_W_CROSSING = 3
F_W_LEVEL_GAP = 4
F_W_AVAILABILITY = 5
F_W_TIME_ZONE = 6
F_TEACH_CAP = 7  # the most a teaching part counts before its weight
F_MAX_REST = 8  # the most the non-teaching parts can add
N_FLOATS = 9

# ``Tokens``.
T_PTR = 0
T_TOKEN = 1
T_LEVEL = 2

# The range tables of candidate generation (``kernels.ranges``): one row per
# (token, level), row ``token * LEVEL_ROWS + level``; a skill is two tokens
# (``TOKEN_DIRECTIONS``: taught, and taught back), so a table has
# ``TOKEN_DIRECTIONS * LEVEL_ROWS`` rows per skill.
LEVEL_ROWS = 8  # levels 1-5, rounded up to a power of two
TOKEN_DIRECTIONS = 2

# Bits of P_MUST and P_VALUED: bit k is LINES[k].
LINE_BIT = {line: 1 << k for k, line in enumerate(LINES)}
LINE_DEPARTMENT = LINE_BIT["department"]
LINE_LOCATION = LINE_BIT["location"]
LINE_GENERATION = LINE_BIT["generation"]
LINE_GENDER = LINE_BIT["gender"]
LINE_BACKGROUND = LINE_BIT["background"]
