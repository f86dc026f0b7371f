"""EDIFACT IFTSTA (international multimodal status report) in and out, with pydifact.

pydifact reads the text into segments and writes segments back into text (UNA/UNB/UNZ,
UNH/UNT and their counts); it does not check a message's structure or qualifiers, so
``reader`` walks the CNI-led layout of the D.96B–D.13B directories itself and refuses,
naming the segment, what it does not understand. ``milestones`` maps a UN/ECE Rec. 24
status (and the place) back to our milestone; ``writer`` builds one message per batch
of events for a partner's profile.
"""
