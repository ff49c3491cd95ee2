"""First names that say whether a person is a man or a woman, for pronoun agreement.

"Jade Johnson ... he beat the Olympic champion": without a title ("Ms", "Mr") or a pronoun already
in the cluster, coreference knows nothing of a named person's gender, and a "he" may go to a
woman. These are common given names in English-language news, from Britain, the US and the
countries its news most often names, that are used for one gender only. Names given to both
("Alex", "Chris", "Jordan", "Kim", "Sam", "Jean", "Andrea", "Nicola", "Robin", "Leslie") are left
out on purpose: a missing name costs nothing, a wrong one forbids the right pronoun.

Only a name of two or more words is read this way ("Jade Johnson"); a first name alone may be a
surname or a club ("Gardener", "Stone").
"""

from __future__ import annotations

FEMALE = frozenset(
    """
    abigail adele agnes aisha alice alicia alison amanda amber amelia amy anastasia angela angelina
    anita ann anna anne annie audrey barbara beatrice benazir betty beverly birgit brenda bridget
    britney brittany camilla carla carmen carol caroline carolyn catherine cecilia charlotte cheryl
    chloe christina christine claire clara clare claudia condoleezza cynthia daisy danielle debbie
    deborah debra denise diana diane dolores donna doris dorothy edith eleanor elena eliza elizabeth
    ella ellen eloise emily emma erica erin esther eva eve evelyn fatima fiona florence frances gabriela
    galina georgia gillian gina gloria grace greta gwen gwyneth hannah harriet heather helen helena
    hilary hillary holly indira ingrid irene irina isabel isabella jacqueline jade jane janet janice
    jennifer jenny jessica jill joan joanna joanne josephine joyce judith judy julia julie justine
    karen kate katherine kathleen kathryn katie katrina kayla keira kelly kirsty kristina kylie laura
    lauren leah linda lindsay lisa liz lois lorraine louise lucia lucy ludmila lynn lynne madeleine
    madonna maggie mandy margaret maria marie marilyn marion martha mary maureen megan melanie melissa
    michelle miriam molly monica monika nadia nancy naomi natalia natalie natasha nicole nina nora
    olga olivia pamela patricia paula pauline penelope petra priya rachel rebecca renee rita rosa
    rose rosemary ruth sabine sally samantha sandra sarah sara sharon sheila shirley sonia sophia
    sophie stephanie susan suzanne svetlana sylvia tanya tatiana teresa tessa theresa tina tracey
    tracy ursula valerie vanessa venus vera veronica victoria virginia wendy whitney yoko yulia
    yvonne zoe
    """.split()
)

MALE = frozenset(
    """
    aaron abdul adam adrian ahmed alan albert alberto alastair alessandro alexander alexei alfred
    ali alistair andre andrei andrew angus anthony antonio archie ariel arnold arsene arthur barry
    benjamin bernard bill billy bob bobby boris brendan brett brian bruce bryan carl carlos charles
    clive colin craig dale damien damon daniel darren dave david dean dennis derek diego dieter
    dmitry donald douglas duncan dylan eddie edward ehud elijah elton emilio eric ernest eugene frank
    fernando francesco francisco francois frank fred frederick fritz gareth gary gavin geoffrey
    george gerald gerhard giovanni glenn gordon graham gregory hamish hans harold harry hassan
    helmut henry howard hugh hussein ian igor ivan jack jacob jacques james jason javier jeff jeffrey
    jeremy jerry jim jimmy joe joel john johnny jonathan jorge jose joseph joshua juan jurgen justin
    karl keith kenneth kevin klaus kofi kyle lance larry lawrence leonard liam lionel louis luca luis
    luke malcolm manuel marco marcus mario mark martin matthew michael michel miguel mikhail mohammed
    muhammad nathan neil nelson nicholas nick nigel noah norman oleg oliver omar oscar owen pablo
    patrick paul paolo pedro peter philip philippe pierre rafael ralph ramon raymond reginald richard
    rick robert roberto rodney roger roman ronald rory roy rupert russell ryan samuel saddam scott
    sean sebastian sergei sergio shane shimon silvio simon stanley stefan stephen steve steven
    stuart ted terence thabo thierry thomas timothy tom tony trevor tyler victor viktor vincent
    vladimir walter wayne william wolfgang yasser yuri zachary
    """.split()
)


def gender_of_first_name(word: str) -> str | None:
    """ "f", "m" or None for a given name (any case)."""
    lower = word.lower()
    return "f" if lower in FEMALE else "m" if lower in MALE else None


__all__ = ["FEMALE", "MALE", "gender_of_first_name"]
