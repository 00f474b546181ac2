"""The HR people import, one module per stage.

``service.person_import`` is the entry point (the command line, the upload
pages); ``uploads`` holds the services of the upload pages. Each module
imports only those listed before it (``selectors`` imports none of them):

- ``report``: what an import reports (``ImportReport``, ``RowError``);
- ``clean``: each value of a row cleaned on its own;
- ``read``: stage 1, the file read, its headers matched, its rows cleaned;
- ``selectors``: the reads (the directory as the checks see it, an upload's file);
- ``check``: stage 2, the rows checked together and against the directory, the plan;
- ``apply``: stage 3, the plan saved in bulk, audited, and each person's history added to;
- ``service``: ``person_import``, its permission check and its lock;
- ``uploads``: uploads kept for review, applied, discarded and purged.
"""
