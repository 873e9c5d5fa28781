"""Reading and writing the text of responsibility plans (责任分解方案).

:mod:`~govtasks.text.grammar` holds every marker, label, role word and column header;
the reader (:mod:`~govtasks.text.reader`) and its layout strategies use it to read a
text, and the writer uses it to print one.
"""
