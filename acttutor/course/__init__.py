"""Course content: files -> frozen typed models (:mod:`.models`), with the loader and checker.

* :mod:`acttutor.course.models` — Lesson, questions, Bank, Course (cheap to import).
* :mod:`acttutor.course.loader` — ``load_course(extra_roots)``; raises ``ContentError``.
* :mod:`acttutor.course.checker` — ``check_roots(roots)`` -> ``CheckReport`` of every problem.
* :mod:`acttutor.course.paths` — ``builtin_content_root()``.
* :mod:`acttutor.course.yamlmarks` — PyYAML's C loader with the line of every key and item.
* :mod:`acttutor.course.files` — reads only regular files inside a content folder.

Nothing is imported here so that importing the models stays light.
"""
